using System;
using System.Net.Http;
using HuggingFace.InferenceProviders;
using Microsoft.Extensions.AI;
using SegmentationStandIn;
using Toolkit.Runtime.Providers;

// Usage: ToolChat [city] [--local]
// The generated client as a Microsoft.Extensions.AI IChatClient, with a tool: the model calls get_weather, the
// pipeline runs it and sends the result back, the model answers. With HF_TOKEN: the Hugging Face router (a model that
// calls tools, on the provider the router picks); without it (or with --local), the local stand-in, which calls the
// tool by a fixed rule and is not a model.
var city = "Paris";
var local = false;
foreach (var arg in args)
{
    if (arg == "--local") local = true;
    else city = arg;
}
var token = Environment.GetEnvironmentVariable("HF_TOKEN");
await using var standIn = local || string.IsNullOrEmpty(token) ? await StandInServer.StartAsync() : null;
using var http = new HttpClient();
var options = new InferenceProvidersClientOptions { Token = standIn is null ? token : null };
if (standIn is not null) options.BaseAddress = standIn.BaseAddress;
var client = new InferenceProvidersClient(http, options);

var weather = AIFunctionFactory.Create((string city) => $"22 degrees and sunny in {city}", "get_weather", "The current weather in a city.");
using var chat = new ChatClientBuilder(client.AsIChatClient(RoutedModel.Fastest("openai/gpt-oss-120b")))
    .UseFunctionInvocation()
    .Build();
var response = await chat.GetResponseAsync($"What is the weather in {city}?", new ChatOptions { Tools = [weather] });

foreach (var message in response.Messages)
{
    foreach (var content in message.Contents)
    {
        Console.WriteLine(content switch
        {
            FunctionCallContent call => $"[{message.Role}] calls {call.Name}({string.Join(", ", call.Arguments ?? new System.Collections.Generic.Dictionary<string, object?>())})",
            FunctionResultContent result => $"[{message.Role}] {result.Result}",
            TextContent text => $"[{message.Role}] {text.Text}",
            _ => $"[{message.Role}] ({content.GetType().Name})",
        });
    }
}
Console.WriteLine($"({response.ModelId}{(standIn is null ? "" : " on the local stand-in, not a model")}; {response.Usage?.TotalTokenCount} tokens)");
return 0;
