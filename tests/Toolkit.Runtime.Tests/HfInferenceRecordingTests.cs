using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Inference;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// The real exchanges of ../shared/recorded/hf-inference-tasks through the one client generated from
/// specs/huggingface/inference (every task one operation): the client sends what the recording shows and reads
/// the recorded values. Where the service's answers differ from the task schemas, the spec's overlay
/// (specs/huggingface/inference/1.0.0.overlay.json) says what it really sends, and the client reads that.
/// </summary>
public sealed class HfInferenceRecordingTests
{
    private static string TasksDirectory => Path.Combine(SharedData.Root ?? "", "recorded", "hf-inference-tasks");

    /// <summary>The inference exchange of a recording (the Hub's GET /api/models lookups are another API).</summary>
    private static RecordedExchange Inference(string file)
    {
        return RecordedExchange.LoadFile(Path.Combine(TasksDirectory, file)).Single(e => e.Url.StartsWith("https://router.huggingface.co/hf-inference/", StringComparison.Ordinal));
    }

    private static (HfInferenceClient Client, ScriptedHandler Handler) Replaying(RecordedExchange exchange)
    {
        var handler = new ScriptedHandler(_ => exchange.ToResponse());
        return (new HfInferenceClient(handler, new HfInferenceClientOptions { Token = "hf_RecordingReplay1" }), handler);
    }

    /// <summary>The model id in the recorded URL, after /models/ or /pipeline/{task}/.</summary>
    private static string Model(RecordedExchange exchange)
    {
        var path = new Uri(exchange.Url).AbsolutePath["/hf-inference/".Length..];
        return path.StartsWith("pipeline/", StringComparison.Ordinal) ? string.Join('/', path.Split('/').Skip(2)) : path["models/".Length..];
    }

    private static JsonElement RecordedJson(RecordedExchange exchange) => JsonDocument.Parse(exchange.ResponseBody).RootElement;

    private static void AssertSentAsRecorded(RecordedExchange exchange, ScriptedHandler handler)
    {
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(exchange.Url, sent.Uri.ToString());
        Assert.Equal(exchange.RequestBody, sent.Body);
    }

    [TasksFact]
    public async Task AudioClassification()
    {
        var exchange = Inference("audio_classification.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.AudioClassificationAsync(Model(exchange), exchange.RequestBody!);
        AssertSentAsRecorded(exchange, handler);
        var recorded = RecordedJson(exchange).EnumerateArray().ToList();
        Assert.Equal(recorded.Select(r => r.GetProperty("label").GetString()), result.Select(r => r.Label));
        Assert.Equal(recorded.Select(r => r.GetProperty("score").GetDouble()), result.Select(r => r.Score));
    }

    [TasksFact]
    public async Task AutomaticSpeechRecognition()
    {
        var exchange = Inference("automatic_speech_recognition.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.AutomaticSpeechRecognitionAsync(Model(exchange), exchange.RequestBody!);
        AssertSentAsRecorded(exchange, handler);
        Assert.Equal(RecordedJson(exchange).GetProperty("text").GetString(), result.Text);
    }

    [TasksFact]
    public async Task ImageClassification()
    {
        var exchange = Inference("image_classification.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.ImageClassificationAsync(Model(exchange), exchange.RequestBody!);
        AssertSentAsRecorded(exchange, handler);
        var recorded = RecordedJson(exchange).EnumerateArray().ToList();
        Assert.Equal(recorded.Count, result.Count);
        Assert.Equal(recorded.Select(r => (r.GetProperty("label").GetString(), r.GetProperty("score").GetDouble())), result.Select(r => ((string?)r.Label, r.Score)));
    }

    [TasksFact]
    public async Task ImageSegmentationMasksDecode()
    {
        var exchange = Inference("image_segmentation.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.ImageSegmentationAsync(Model(exchange), exchange.RequestBody!);
        AssertSentAsRecorded(exchange, handler);
        var recorded = RecordedJson(exchange).EnumerateArray().ToList();
        Assert.Equal(recorded.Select(r => r.GetProperty("label").GetString()), result.Select(r => r.Label));
        Assert.Equal(recorded.Select(r => r.GetProperty("score").GetDouble()), result.Select(r => r.Score!.Value));
        Assert.All(result, r => Assert.True(r.Mask.Decode().Area > 0));
    }

    [TasksFact]
    public async Task ObjectDetection()
    {
        var exchange = Inference("object_detection.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.ObjectDetectionAsync(Model(exchange), exchange.RequestBody!);
        AssertSentAsRecorded(exchange, handler);
        var recorded = RecordedJson(exchange).EnumerateArray().ToList();
        Assert.Equal(recorded.Count, result.Count);
        for (var i = 0; i < recorded.Count; i++)
        {
            var box = recorded[i].GetProperty("box");
            Assert.Equal(recorded[i].GetProperty("label").GetString(), result[i].Label);
            Assert.Equal((box.GetProperty("xmin").GetInt32(), box.GetProperty("ymin").GetInt32(), box.GetProperty("xmax").GetInt32(), box.GetProperty("ymax").GetInt32()),
                (result[i].Box.Xmin, result[i].Box.Ymin, result[i].Box.Xmax, result[i].Box.Ymax));
        }
    }

    [TasksFact]
    public async Task TokenClassification()
    {
        var exchange = Inference("token_classification.json");
        var (client, handler) = Replaying(exchange);
        using var request = JsonDocument.Parse(exchange.RequestBody!);
        var result = await client.TokenClassificationAsync(Model(exchange), request.RootElement.GetProperty("inputs").GetString()!,
            new TokenClassificationParameters());
        Assert.Equal(exchange.Url, Assert.Single(handler.Requests).Uri.ToString());
        var recorded = RecordedJson(exchange).EnumerateArray().ToList();
        Assert.Equal(recorded.Select(r => (r.GetProperty("entity_group").GetString(), r.GetProperty("word").GetString(), r.GetProperty("start").GetInt64(), r.GetProperty("end").GetInt64())),
            result.Select(r => (r.EntityGroup, (string?)r.Word, r.Start, r.End)));
    }

    [TasksFact]
    public async Task TextToImageReturnsTheRecordedBytes()
    {
        var exchange = Inference("text_to_image_default.json");
        var (client, handler) = Replaying(exchange);
        using var request = JsonDocument.Parse(exchange.RequestBody!);
        var image = await client.TextToImageAsync(Model(exchange), request.RootElement.GetProperty("inputs").GetString()!, new TextToImageParameters());
        Assert.Equal(exchange.Url, Assert.Single(handler.Requests).Uri.ToString());
        Assert.Equal(exchange.ResponseBody, image.ToArray());
    }

    [TasksFact]
    public async Task ChatCompletionSendsTheOpenAiStyleBodyAndReadsTheAnswer()
    {
        var exchange = Inference("chat_completion_no_stream.json");
        var (client, handler) = Replaying(exchange);
        var model = Model(exchange)[..^"/v1/chat/completions".Length];
        var result = await client.ChatCompletionAsync(model, new ChatCompletionRequest
        {
            Messages = new[]
            {
                new ChatCompletionInputMessage { Role = "system", Content = "You are a helpful assistant." },
                new ChatCompletionInputMessage { Role = "user", Content = "What is deep learning?" },
            },
        });
        var sent = Assert.Single(handler.Requests);
        Assert.Equal(exchange.Url, sent.Uri.ToString());
        // The same body as the official client's, the model taken from the path, but for "stream": false, which the
        // whole form leaves out (false is the default; the streamed form sends true).
        Assert.True(JsonEquals(Without(exchange.RequestBody!, "stream"), sent.Body), System.Text.Encoding.UTF8.GetString(sent.Body));
        var recorded = RecordedJson(exchange);
        var choice = Assert.Single(result.Choices);
        Assert.Equal(recorded.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(), choice.Message.AsTextMessage!.Content);
        Assert.Equal("stop", choice.FinishReason);
        Assert.Null(choice.Logprobs); // null in the recording, as the service sends it
        Assert.Equal(recorded.GetProperty("usage").GetProperty("total_tokens").GetInt32(), result.Usage.TotalTokens);
    }

    /// <summary>The recorded error answers (a 401 from chat completion, a 422 from text generation) give typed errors with the service's messages.</summary>
    [TasksFact]
    public async Task RecordedErrorsAreTyped()
    {
        var unauthorized = Inference("chat_completion_unprocessable_entity.json");
        var (chat, _) = Replaying(unauthorized);
        var error = await Assert.ThrowsAsync<ApiException>(() => chat.ChatCompletionAsync("meta-llama/Meta-Llama-3-70B-Instruct",
            new[] { new ChatCompletionInputMessage { Role = "user", Content = "hi" } }));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(RecordedJson(unauthorized).GetProperty("error").GetString(), Assert.Single(error.Errors));

        var invalid = Inference("tgi_generate_validation_error.json");
        var (generate, _) = Replaying(invalid);
        error = await Assert.ThrowsAsync<ApiException>(() => generate.TextGenerationAsync(Model(invalid), "test"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Equal(RecordedJson(invalid).GetProperty("error").GetString(), Assert.Single(error.Errors));
    }

    [TasksFact]
    public async Task TextClassificationReadsOneListPerInput()
    {
        var exchange = Inference("text_classification.json");
        var (client, handler) = Replaying(exchange);
        using var request = JsonDocument.Parse(exchange.RequestBody!);
        var result = await client.TextClassificationAsync(Model(exchange), request.RootElement.GetProperty("inputs").GetString()!);
        Assert.Equal(exchange.Url, Assert.Single(handler.Requests).Uri.ToString());
        // The recorded answer is a one-element array holding the input's list ("single"): the client returns that list.
        var recorded = RecordedJson(exchange);
        Assert.Equal(1, recorded.GetArrayLength());
        Assert.Equal(recorded[0].EnumerateArray().Select(r => (r.GetProperty("label").GetString(), r.GetProperty("score").GetDouble())), result.Select(s => ((string?)s.Label, s.Score)));
    }

    [TasksFact]
    public async Task OneElementArraysAreReadAsTheirElement()
    {
        var summarization = Inference("summarization.json");
        var (summarize, _) = Replaying(summarization);
        using (var request = JsonDocument.Parse(summarization.RequestBody!))
        {
            SummarizationOutput summary = await summarize.SummarizationAsync(Model(summarization), request.RootElement.GetProperty("inputs").GetString()!);
            Assert.Equal(1, RecordedJson(summarization).GetArrayLength());
            Assert.Equal(RecordedJson(summarization)[0].GetProperty("summary_text").GetString(), summary.SummaryText);
        }

        foreach (var file in new[] { "translation.json", "translation_with_source_and_target_language.json" })
        {
            var translation = Inference(file);
            var (translate, handler) = Replaying(translation);
            var request = HuggingFace.Inference.HfInferenceSerializer.DeserializeTranslationRequest(translation.RequestBody!);
            TranslationOutput translated = await translate.TranslationAsync(Model(translation), request);
            Assert.Equal(1, RecordedJson(translation).GetArrayLength());
            Assert.Equal(RecordedJson(translation)[0].GetProperty("translation_text").GetString(), translated.TranslationText);
            Assert.True(JsonEquals(translation.RequestBody!, Assert.Single(handler.Requests).Body), file);
        }

        var generation = Inference("tgi_generate_no_details.json");
        var (generate, _) = Replaying(generation);
        TextGenerationOutput generated = await generate.TextGenerationAsync(Model(generation), HuggingFace.Inference.HfInferenceSerializer.DeserializeTextGenerationRequest(generation.RequestBody!));
        Assert.Equal(1, RecordedJson(generation).GetArrayLength());
        Assert.Equal(RecordedJson(generation)[0].GetProperty("generated_text").GetString(), generated.GeneratedText);
    }

    [TasksFact]
    public async Task ZeroShotClassificationReadsTheOlderForm()
    {
        var exchange = Inference("zero_shot_classification_single_label.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.ZeroShotClassificationAsync(Model(exchange), HuggingFace.Inference.HfInferenceSerializer.DeserializeZeroShotClassificationRequest(exchange.RequestBody!));
        Assert.True(JsonEquals(exchange.RequestBody!, Assert.Single(handler.Requests).Body));
        var recorded = RecordedJson(exchange);
        var legacy = result.AsLegacy!; // the older form; the union reads the list of {label, score} too
        Assert.Equal(recorded.GetProperty("sequence").GetString(), legacy.Sequence);
        Assert.Equal(recorded.GetProperty("labels").EnumerateArray().Select(l => l.GetString()), legacy.Labels);
        Assert.Equal(recorded.GetProperty("scores").EnumerateArray().Select(l => l.GetDouble()), legacy.Scores);
    }

    [TasksFact]
    public async Task FeatureExtractionReadsOneVectorPerToken()
    {
        var exchange = Inference("feature_extraction_with_sentence_transformers.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.FeatureExtractionAsync(Model(exchange), HuggingFace.Inference.HfInferenceSerializer.DeserializeFeatureExtractionRequest(exchange.RequestBody!));
        Assert.True(JsonEquals(exchange.RequestBody!, Assert.Single(handler.Requests).Body));
        var recorded = RecordedJson(exchange);
        Assert.Equal(recorded.GetArrayLength(), result.Count);
        Assert.Equal(recorded[0].GetArrayLength(), result[0].Count); // tokens
        Assert.Equal(recorded[0][0].GetArrayLength(), result[0][0].Count); // dimensions
        Assert.Equal(recorded[0][3][7].GetDouble(), result[0][3][7]);
    }

    [TasksFact]
    public async Task SentenceSimilaritySendsTheTopLevelForm()
    {
        var exchange = Inference("sentence_similarity.json");
        var (client, handler) = Replaying(exchange);
        var result = await client.SentenceSimilarityAsync(Model(exchange), HuggingFace.Inference.HfInferenceSerializer.DeserializeSentenceSimilarityRequest(exchange.RequestBody!));
        using var sent = JsonDocument.Parse(Assert.Single(handler.Requests).Body);
        using var recordedRequest = JsonDocument.Parse(exchange.RequestBody!);
        Assert.Equal(recordedRequest.RootElement.GetProperty("sentences").GetArrayLength(), sent.RootElement.GetProperty("sentences").GetArrayLength());
        Assert.Equal(RecordedJson(exchange).EnumerateArray().Select(e => e.GetDouble()), result);
    }

    /// <summary>A JSON object without its top-level member <paramref name="field"/>.</summary>
    private static byte[] Without(byte[] json, string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove(field), field);
        return System.Text.Encoding.UTF8.GetBytes(node.ToJsonString());
    }

    /// <summary>Two JSON bodies with the same content, whatever their key order and whitespace.</summary>
    private static bool JsonEquals(byte[] a, byte[] b)
    {
        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        return JsonElement.DeepEquals(x.RootElement, y.RootElement);
    }
}
