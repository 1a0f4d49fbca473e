using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading;
using SegmentationStandIn;

// dotnet run --project samples/SegmentationStandIn [--port 5080]
// Serves POST /models/{model} like the Hugging Face image-segmentation API, on 127.0.0.1 only, until Ctrl+C, SIGTERM
// or SIGQUIT (what scripts, CI and container runtimes send): it then stops accepting, finishes what it serves, exits 0.
var port = 5080;
for (var i = 0; i < args.Length; i++)
{
    // 0 asks for a free port; the address printed below says which.
    if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 0 and < 65536)
    {
        port = p;
        continue;
    }
    Console.Error.WriteLine("usage: SegmentationStandIn [--port 0-65535]  (0: a free port)");
    return 2;
}

using var stop = new CancellationTokenSource();
// The stand-in owns this process's stop signals (LoopbackHost leaves signals alone, for the samples that host it).
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
await using (var server = await StandInServer.StartAsync(port, stop.Token))
{
    Console.WriteLine($"Stand-in image-segmentation service (a classical colour segmenter, not a neural model) at {server.BaseAddress}");
    Console.WriteLine("Point a client's BaseAddress there; any model id works. Ctrl+C (or SIGTERM) stops it.");
    try
    {
        await System.Threading.Tasks.Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
    }
    Console.WriteLine("Stopping.");
}
return 0;

void Stop(PosixSignalContext context)
{
    context.Cancel = true; // the default would end the process before the server has stopped
    stop.Cancel();
}
