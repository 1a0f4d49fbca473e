using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Inference;
using HuggingFace.InferenceProviders;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>
/// The recorded hf-inference exchanges (huggingface_hub's own, ../shared/recorded/hf-inference-tasks) through the one
/// router client: <c>GetHfInferenceClient()</c> on a client of the router's base address sends to the recorded URL,
/// with the token, and reads the recorded values.
/// </summary>
public sealed class RouterRecordingTests
{
    private static (HfInferenceClient Client, RecordedAnswer Answer) Replaying(string file, int exchange)
    {
        var answer = new RecordedAnswer(file, exchange);
        var router = new InferenceProvidersClient(new HttpClient(answer), new InferenceProvidersClientOptions { Token = "hf_RecordingReplay1" });
        Assert.Equal(new Uri("https://router.huggingface.co"), router.Options.BaseAddress); // the documented base address, not set here
        return (router.GetHfInferenceClient(), answer);
    }

    [RecordedFact]
    public async Task ChatCompletionThroughTheRouterClientReadsTheRecordedAnswer()
    {
        var (client, answer) = Replaying("chat_completion_no_stream.json", 1);
        var result = await client.ChatCompletionAsync("meta-llama/Llama-3.1-8B-Instruct", new HuggingFace.Inference.ChatCompletionRequest
        {
            Messages = new[]
            {
                new ChatCompletionInputMessage { Role = "system", Content = "You are a helpful assistant." },
                new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" },
            },
        });
        Assert.Equal(answer.RecordedRequest.GetProperty("url").GetString(), answer.Sent.Single().Uri.ToString());
        using var recorded = JsonDocument.Parse(answer.Body);
        Assert.Equal(recorded.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            result.Choices.Single().Message.AsTextMessage!.Content);
        Assert.Equal(recorded.RootElement.GetProperty("usage").GetProperty("total_tokens").GetInt32(), result.Usage.TotalTokens);
    }

    [RecordedFact]
    public async Task FeatureExtractionThroughTheRouterClientReadsTheRecordedVectors()
    {
        var (client, answer) = Replaying("feature_extraction_with_sentence_transformers.json", 1);
        var body = System.Text.Encoding.UTF8.GetBytes(answer.RecordedRequest.GetProperty("body").GetProperty("text").GetString()!);
        var result = await client.FeatureExtractionAsync("facebook/bart-base", HfInferenceSerializer.DeserializeFeatureExtractionRequest(body));
        var sent = answer.Sent.Single();
        Assert.Equal("router.huggingface.co", sent.Uri.Host);
        Assert.StartsWith("/hf-inference/", sent.Uri.AbsolutePath);
        using var recorded = JsonDocument.Parse(answer.Body);
        Assert.Equal(recorded.RootElement.GetArrayLength(), result.Count);
        Assert.Equal(recorded.RootElement[0][3][7].GetDouble(), result[0][3][7]);
    }
}
