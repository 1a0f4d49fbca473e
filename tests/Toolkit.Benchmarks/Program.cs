using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Toolkit.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Toolkit.Benchmarks.MaskDecodingBenchmarks).Assembly)
    .Run(args, DefaultConfig.Instance.WithOptions(ConfigOptions.DisableOptimizationsValidator));
