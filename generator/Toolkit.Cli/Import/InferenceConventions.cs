using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace Toolkit.Cli.Import;

/// <summary>
/// How the Hugging Face Inference API carries a task's schemas: POST /models/{model} on the router, Bearer auth,
/// the x-use-cache and x-wait-for-model headers, the {"error": ...} body with estimated_time on 503, a binary input
/// sent as the raw body when no parameters are set, and raw bytes back for image, audio and video generation.
/// </summary>
internal static class InferenceConventions
{
    public const string BaseUrl = "https://router.huggingface.co/hf-inference";

    /// <summary>The client method's verb (SegmentAsync, ClassifyAsync, ...); the task's name for tasks not listed.</summary>
    public static string Operation(string task) => task switch
    {
        "audio-classification" or "image-classification" or "text-classification" or "zero-shot-classification" or "zero-shot-image-classification" => "classify",
        "automatic-speech-recognition" => "transcribe",
        "depth-estimation" => "estimate-depth",
        "document-question-answering" or "question-answering" or "visual-question-answering" => "answer",
        "feature-extraction" => "embed",
        "fill-mask" => "fill",
        "image-segmentation" => "segment",
        "object-detection" => "detect",
        "sentence-similarity" => "compare",
        "summarization" => "summarize",
        "token-classification" => "tag",
        "translation" => "translate",
        "image-to-text" => "caption",
        "text-to-audio" or "text-to-speech" => "synthesize",
        "text-to-image" or "image-to-image" or "image-text-to-image" => "generate-image",
        "text-to-video" or "image-to-video" or "image-text-to-video" => "generate-video",
        _ => task,
    };

    /// <summary>
    /// The path the service really serves a task at (see ../shared/recorded/hf-inference-tasks): most tasks at
    /// /models/{model}; feature extraction and sentence similarity under /pipeline/{task}/; chat completion OpenAI-style.
    /// </summary>
    public static string Path(string task) => task switch
    {
        "feature-extraction" or "sentence-similarity" => "/pipeline/" + task + "/{model}",
        "chat-completion" => "/models/{model}/v1/chat/completions",
        _ => "/models/{model}",
    };

    /// <summary>
    /// Operations the router serves that the task schemas leave out, encoded from today's Inference Providers pages:
    /// chat completion (OpenAI-style, at /models/{model}/v1/chat/completions) and text generation. Each is an
    /// operation of a whole-API spec plus the named types it defines (under "definitions").
    /// </summary>
    public static IEnumerable<(string Task, JsonObject Operation)> ExtraOperations()
    {
        var assembly = typeof(InferenceConventions).Assembly;
        foreach (var task in new[] { "chat-completion", "text-generation" })
        {
            using var stream = assembly.GetManifestResourceStream("Toolkit.Cli.Import.Operations." + task + ".json")
                ?? throw new InvalidOperationException("The embedded operation " + task + " is missing from the tool.");
            yield return (task, (JsonObject)JsonNode.Parse(stream)!);
        }
    }

    /// <summary>How the service streams a task's answer: the stream method's summary, its end marker (null: the stream just ends) and the field of an error event.</summary>
    public sealed record StreamConventions(string Description, string? Sentinel, string ErrorField);

    /// <summary>
    /// Facts about the service's server-sent events, which the task schemas (one event's JSON) do not say. Chat
    /// completion ends with <c>data: [DONE]</c>: ../shared/recorded/hf-inference-tasks/chat_completion_with_stream.json
    /// (its last event), and both reference clients stop there (huggingface/huggingface_hub at
    /// ee0a4510f4bc15e26cb722be2efc2bdb01383ca0, src/huggingface_hub/inference/_common.py lines 339-340;
    /// huggingface/huggingface.js at fe42e68017ffc76d09922ea8f9b38a6964345710, packages/inference/src/utils/request.ts
    /// line 252). Text generation (TGI's generate_stream) just ends: tgi_generate_stream_no_details.json has one event
    /// and no marker. An event with an "error" field is an error, in both: _common.py lines 299-300 and 346-347,
    /// request.ts line 256.
    /// </summary>
    public static StreamConventions Stream(string task) => task switch
    {
        "chat-completion" => new("The answer as it is generated: one chunk per server-sent event, ending with data: [DONE].", "[DONE]", "error"),
        "text-generation" => new("The text as it is generated: one token per server-sent event; the stream just ends (no end marker), the last event carrying generated_text and details.", null, "error"),
        _ => new("The answer as server-sent events, one per chunk.", null, "error"),
    };

    /// <summary>The model path parameter; in a whole API a client option supplies it when a call passes null.</summary>
    public static JsonObject ModelParameter(bool clientDefault)
    {
        var model = new JsonObject { ["description"] = "The model id, e.g. an org/name pair.", ["allowSlashes"] = true };
        if (clientDefault) model["clientDefault"] = true;
        return model;
    }

    /// <summary>A single task's request (format 1): at /models/{model}, as these specs always were, except chat completion, served only at its OpenAI-style path.</summary>
    public static JsonObject Request(string task, string? rawField)
    {
        var request = new JsonObject
        {
            ["method"] = "POST",
            ["path"] = task == "chat-completion" ? Path(task) : "/models/{model}",
            ["baseUrl"] = BaseUrl,
            ["pathParameters"] = new JsonObject { ["model"] = ModelParameter(clientDefault: false) },
        };
        if (rawField is not null)
        {
            request["body"] = new JsonObject { ["rawField"] = rawField, ["rawContentType"] = "application/octet-stream" };
        }
        return request;
    }

    public static JsonObject Headers() => new()
    {
        ["authorization"] = new JsonObject { ["type"] = "string", ["scope"] = "client", ["auth"] = "bearer", ["description"] = "A Hugging Face token with Inference permission." },
        ["x-use-cache"] = new JsonObject { ["type"] = "boolean", ["scope"] = "request", ["default"] = true, ["description"] = "Use the server's cache of identical requests." },
        ["x-wait-for-model"] = new JsonObject { ["type"] = "boolean", ["scope"] = "request", ["default"] = false, ["description"] = "Wait for a loading model instead of getting 503." },
    };

    public static JsonObject Errors() => new()
    {
        ["status"] = new JsonArray(400, 401, 403, 404, 422, 429, 500, 503),
        ["description"] = "The service's error body.",
        ["message"] = new JsonObject { ["field"] = "error" },
        ["estimatedTime"] = new JsonObject { ["field"] = "estimated_time" },
        ["requestIdHeader"] = "x-request-id",
        ["loading"] = new JsonObject { ["status"] = 503, ["retryHeader"] = "x-wait-for-model" },
    };

    /// <summary>
    /// The media type when the API answers with raw bytes: the schema's object has a property marked binary, or
    /// described as raw bytes, or an untyped image/audio/video property.
    /// </summary>
    public static string? BinaryOutput(JsonSchema output, string task)
    {
        if (!output.Type.HasFlag(JsonObjectType.Object) && output.Type != JsonObjectType.None) return null;
        var binary = output.ActualProperties.Any(p =>
            (p.Value.ExtensionData?.TryGetValue("comment", out var c) == true && c as string == "type=binary")
            || (p.Value.Description?.Contains("raw bytes", System.StringComparison.OrdinalIgnoreCase) ?? false)
            || (p.Value.ActualSchema.Type == JsonObjectType.None && p.Key is "image" or "audio" or "video"));
        if (!binary) return null;
        return task.Contains("audio") || task.Contains("speech") ? "audio/*"
            : task.Contains("video") ? "video/*"
            : task.Contains("image") ? "image/*"
            : "application/octet-stream";
    }
}
