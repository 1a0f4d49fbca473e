using System;
using System.Collections.Generic;
using System.Diagnostics.Tracing;
using System.Linq;
using System.Threading.Tasks;

namespace Toolkit.Benchmarks;

/// <summary>
/// Where a per-call benchmark's bytes go, by type: the runtime's sampled allocation events (one every ~100 KB) over many
/// calls of one side. <c>dotnet run -c Release --project tests/Toolkit.Benchmarks -- --allocations stream-0 toolkit</c>.
/// </summary>
internal static class AllocationProfile
{
    public static void Run(string @case, string side, int calls)
    {
        var bench = new PerCallBenchmarks { Case = @case };
        bench.Setup();
        Func<Task<long>> call = side switch
        {
            "toolkit" => bench.Toolkit,
            "floor" => bench.Floor,
            "openai" => bench.OpenAiSdk,
            _ => throw new ArgumentException(side),
        };
        for (var i = 0; i < 2000; i++) call().GetAwaiter().GetResult();
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var listener = new Sampler();
        for (var i = 0; i < calls; i++) call().GetAwaiter().GetResult();
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
        listener.Dispose();
        var total = listener.Samples.Values.Sum();
        Console.WriteLine($"{@case} {side}: {perCall:F0} B a call (this thread), {total} samples");
        foreach (var (type, count) in listener.Samples.OrderByDescending(p => p.Value).Take(40))
        {
            Console.WriteLine($"{count * perCall / total,8:F0} B  {100.0 * count / total,5:F1}%  {type}");
        }
    }

    private sealed class Sampler : EventListener
    {
        public readonly Dictionary<string, long> Samples = new();

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName != "GCAllocationTick_V4" && e.EventName != "GCAllocationTick_V3") return;
            var type = e.Payload?[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            lock (Samples) Samples[type] = Samples.GetValueOrDefault(type) + 1;
        }
    }
}
