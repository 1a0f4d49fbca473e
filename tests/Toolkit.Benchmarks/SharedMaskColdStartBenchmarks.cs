using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace Toolkit.Benchmarks;

/// <summary>
/// The same responses and baselines as <see cref="SharedMaskBenchmarks"/>, in fresh processes: each iteration is one
/// response, right after the set-up's check has decoded one. What a program that decodes a few responses sees before
/// tiered compilation and the garbage collector have settled.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 3, warmupCount: 0, iterationCount: 10, invocationCount: 1)]
public class SharedMaskColdStartBenchmarks : SharedMaskBenchmarks
{
}
