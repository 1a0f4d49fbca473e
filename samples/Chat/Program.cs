using System;
using System.Net.Http;
using System.Threading;
using HuggingFace.Inference;
using SegmentationStandIn;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Streams;

// Usage: Chat [prompt] [--model ID] [--local]
// Prints the answer word by word as it arrives (ChatCompletionStreamAsync). Without HF_TOKEN (or with --local) it
// asks the local stand-in on 127.0.0.1, a deterministic text generator that says it is not a model; with HF_TOKEN,
// the real service on the router.
const string DefaultModel = "meta-llama/Llama-3.1-8B-Instruct";
var prompt = "What is deep learning?";
var model = DefaultModel;
var local = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--model" when i + 1 < args.Length: model = args[++i]; break;
        case "--local": local = true; break;
        default:
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"error: unknown option {args[i]}. Usage: Chat [prompt] [--model ID] [--local]");
                return 2;
            }
            prompt = args[i];
            break;
    }
}

var token = Environment.GetEnvironmentVariable("HF_TOKEN");
StandInServer? standIn = null;
if (local || string.IsNullOrEmpty(token)) standIn = await StandInServer.StartAsync();
try
{
    using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // the client's own limits bound the call
    var options = new HfInferenceClientOptions { Token = standIn is null ? token : null };
    if (standIn is not null) options.BaseAddress = standIn.BaseAddress;
    var client = new HfInferenceClient(http, options);
    Console.WriteLine(standIn is null ? $"{model} on {options.BaseAddress}:" : $"{model} on the local stand-in ({standIn.BaseAddress}), not a model:");
    var request = new ChatCompletionRequest
    {
        BodyModel = model,
        MaxTokens = 200,
        Messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = prompt } },
    };
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel(); // leaving the loop closes the connection: the service stops generating
    };
    var chunks = 0;
    await foreach (var chunk in client.ChatCompletionStreamAsync(model, request, cancellationToken: cancel.Token))
    {
        foreach (var choice in chunk.Choices) Console.Write(choice.Delta.AsTextMessage?.Content);
        chunks++;
    }
    Console.WriteLine();
    Console.WriteLine($"({chunks} chunks)");
    return 0;
}
catch (ApiException e)
{
    Console.Error.WriteLine($"error: the service answered {(int)e.StatusCode}: {e.Message}");
    return 1;
}
catch (EventStreamException e)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("cancelled.");
    return 130;
}
finally
{
    if (standIn is not null) await standIn.DisposeAsync();
}
