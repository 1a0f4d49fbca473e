using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --generated-size   (how much code real APIs generate)
if (args is ["--generated-size"]) return Toolkit.Benchmarks.GeneratedSize.Run();
BenchmarkSwitcher.FromAssembly(typeof(Toolkit.Benchmarks.MaskDecodingBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
return 0;
