using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --generated-size   (how much code real APIs generate)
// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --generation-profile   (which stage a full generation of specs/ spends its time in)
if (args is ["--generated-size"]) return Toolkit.Benchmarks.GeneratedSize.Run();
if (args is ["--generation-profile", ..]) return Toolkit.Benchmarks.GenerationProfile.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 200);
if (args is ["--allocations", var @case, var side, ..])
{
    Toolkit.Benchmarks.AllocationProfile.Run(@case, side, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(Toolkit.Benchmarks.MaskDecodingBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
return 0;
