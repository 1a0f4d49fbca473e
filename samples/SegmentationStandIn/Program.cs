using System;
using System.Globalization;
using System.Threading;
using SegmentationStandIn;

// dotnet run --project samples/SegmentationStandIn [--port 5080]
// Serves POST /models/{model} like the Hugging Face image-segmentation API, on 127.0.0.1 only, until Ctrl+C.
var port = 5080;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--port" && i + 1 < args.Length && int.TryParse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536)
    {
        port = p;
        continue;
    }
    Console.Error.WriteLine("usage: SegmentationStandIn [--port 1-65535]");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
await using var server = await StandInServer.StartAsync(port, stop.Token);
Console.WriteLine($"Stand-in image-segmentation service (a classical colour segmenter, not a neural model) at {server.BaseAddress}");
Console.WriteLine("Point a client's BaseAddress there; any model id works. Ctrl+C stops it.");
try
{
    await System.Threading.Tasks.Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}
return 0;
