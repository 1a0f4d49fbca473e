using System;
using System.Net.Http;
using System.Threading;
using HuggingFace.InferenceProviders;
using SegmentationStandIn;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Providers;
using Toolkit.Runtime.Streams;

// Usage: Chat [prompt] [--model ID] [--provider NAME|fastest|cheapest|preferred] [--local]
// Prints the answer word by word as it arrives (ChatCompletionStreamAsync on the router's OpenAI-compatible
// /v1/chat/completions). Without HF_TOKEN (or with --local) it asks the local stand-in on 127.0.0.1, a deterministic
// text generator that says it is not a model; with HF_TOKEN, the Hugging Face router, which picks the provider: the
// fastest by default, or as --provider says (a provider's name, e.g. groq, or a policy).
const string Usage = "Usage: Chat [prompt] [--model ID] [--provider NAME|fastest|cheapest|preferred] [--local]";
var prompt = "What is deep learning?";
var model = RoutedModel.Of("openai/gpt-oss-120b");
string? provider = null;
var local = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--model" when i + 1 < args.Length: model = RoutedModel.Parse(args[++i]); break;
            case "--provider" when i + 1 < args.Length: provider = args[++i]; break;
            case "--local": local = true; break;
            default:
                if (args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    Console.Error.WriteLine($"error: unknown option {args[i]}. {Usage}");
                    return 2;
                }
                prompt = args[i];
                break;
        }
    }
    model = provider switch
    {
        null => model,
        "fastest" => model.By(ProviderPolicy.Fastest),
        "cheapest" => model.By(ProviderPolicy.Cheapest),
        "preferred" => model.By(ProviderPolicy.Preferred),
        _ => model.On(provider),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message} {Usage}");
    return 2;
}

var token = Environment.GetEnvironmentVariable("HF_TOKEN");
StandInServer? standIn = null;
if (local || string.IsNullOrEmpty(token)) standIn = await StandInServer.StartAsync();
try
{
    using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan }; // the client's own limits bound the call
    var options = new InferenceProvidersClientOptions { Token = standIn is null ? token : null };
    if (standIn is not null) options.BaseAddress = standIn.BaseAddress;
    var client = new InferenceProvidersClient(http, options);
    Console.WriteLine(standIn is null ? $"{model} on {options.BaseAddress}:" : $"{model} on the local stand-in ({standIn.BaseAddress}), not a model:");
    var request = new ChatCompletionRequest
    {
        Model = model,
        MaxTokens = 200,
        Messages = new[] { new ChatCompletionMessage { Role = "user", Content = prompt } },
    };
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel(); // leaving the loop closes the connection: the service stops generating
    };
    var chunks = 0;
    string? answeredBy = null;
    await foreach (var chunk in client.ChatCompletionStreamAsync(request, cancellationToken: cancel.Token))
    {
        foreach (var choice in chunk.Choices) Console.Write(choice.Delta.Content);
        answeredBy = chunk.Model;
        chunks++;
    }
    Console.WriteLine();
    Console.WriteLine($"({chunks} chunks from {answeredBy})");
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
