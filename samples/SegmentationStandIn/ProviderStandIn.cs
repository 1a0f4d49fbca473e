using System;
using System.Buffers;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Toolkit.Runtime.Masks;

namespace SegmentationStandIn;

/// <summary>
/// The Hub's model info with <c>inferenceProviderMapping</c> and provider routes of the router (Together's embeddings
/// and images, DeepInfra's transcription and speech, fal.ai's and Replicate's answers of URLs), so that choosing a
/// provider is tested end to end without a network. Deterministic rules,
/// not models: a text's vector is a function of its characters, an image a grey square whose shade is the prompt's length.
/// </summary>
public static class ProviderStandIn
{
    /// <summary>The dimensions of the stand-in's vectors.</summary>
    public const int Dimensions = 8;

    /// <summary>The Hub's answer for the models the stand-in knows, in the order a user's settings would give; others are 404.</summary>
    public static string? ModelInfo(string model) => model switch
    {
        // Served by Together for feature extraction under another id, by hf-inference for sentence similarity (which
        // hf-inference serves for feature extraction too), and by Cohere for chat.
        "org/embedder" => """
            {"_id":"0001","id":"org/embedder","inferenceProviderMapping":{
              "together":{"status":"live","providerId":"org-ai/Embedder-v2","task":"feature-extraction"},
              "hf-inference":{"status":"live","providerId":"org/embedder","task":"sentence-similarity"},
              "cohere":{"status":"staging","providerId":"embedder-chat","task":"conversational"}}}
            """,
        // Served for text-to-image by fal-ai first (the user's order), then Together and Replicate; nscale's check failed.
        "org/painter" => """
            {"_id":"0002","id":"org/painter","inferenceProviderMapping":{
              "nscale":{"status":"error","providerId":"org/painter","task":"text-to-image"},
              "fal-ai":{"status":"live","providerId":"fal-ai/painter/dev","task":"text-to-image"},
              "together":{"status":"live","providerId":"org-ai/Painter-Dev","task":"text-to-image"},
              "replicate":{"status":"live","providerId":"org-ai/painter","task":"text-to-image"}}}
            """,
        // Served by DeepInfra for speech recognition and speech, under its own ids.
        "org/listener" => """
            {"_id":"0004","id":"org/listener","inferenceProviderMapping":{
              "deepinfra":{"status":"live","providerId":"org-ai/Listener-Large","task":"automatic-speech-recognition"},
              "fal-ai":{"status":"live","providerId":"fal-ai/listener","task":"automatic-speech-recognition"}}}
            """,
        // Served for image segmentation by hf-inference only (Together serves it for another task).
        "org/segmenter" => """
            {"_id":"0005","id":"org/segmenter","inferenceProviderMapping":{
              "together":{"status":"live","providerId":"org-ai/Segmenter","task":"image-classification"},
              "hf-inference":{"status":"live","providerId":"org/segmenter","task":"image-segmentation"}}}
            """,
        "org/unserved" => """{"_id":"0003","id":"org/unserved"}""",
        _ => null,
    };

    /// <summary>The vector of one text: each dimension a function of its characters (the same text, the same vector).</summary>
    public static float[] Vector(string text)
    {
        var v = new float[Dimensions];
        for (var i = 0; i < text.Length; i++) v[i % Dimensions] += text[i] / 1000f;
        return v;
    }

    internal static async Task ModelInfoAsync(HttpContext context, string model)
    {
        if (context.Request.Query["expand"] != "inferenceProviderMapping")
        {
            await Error(context, 400, "expand=inferenceProviderMapping expected").ConfigureAwait(false);
            return;
        }
        if (ModelInfo(model) is not { } info)
        {
            await Error(context, 404, "Repository not found").ConfigureAwait(false);
            return;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(info, context.RequestAborted).ConfigureAwait(false);
    }

    internal static async Task EmbeddingsAsync(HttpContext context)
    {
        using var body = await Read(context).ConfigureAwait(false);
        var root = body.RootElement;
        if (!Authorized(context) || !root.TryGetProperty("model", out var model) || model.GetString() != "org-ai/Embedder-v2")
        {
            await Error(context, Authorized(context) ? 404 : 401, Authorized(context) ? "Model not found on together" : "Invalid credentials").ConfigureAwait(false);
            return;
        }
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("object", "list");
            w.WriteString("model", model.GetString());
            w.WriteStartArray("data");
            var index = 0;
            foreach (var text in root.GetProperty("input").EnumerateArray())
            {
                w.WriteStartObject();
                w.WriteString("object", "embedding");
                w.WriteStartArray("embedding");
                foreach (var x in Vector(text.GetString() ?? "")) w.WriteNumberValue(x);
                w.WriteEndArray();
                w.WriteNumber("index", index++);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static async Task ImagesAsync(HttpContext context)
    {
        using var body = await Read(context).ConfigureAwait(false);
        var root = body.RootElement;
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var prompt = root.GetProperty("prompt").GetString() ?? "";
        var size = root.TryGetProperty("width", out var width) ? Math.Clamp(width.GetInt32(), 1, 64) : 4;
        var pixels = new byte[size * size];
        Array.Fill(pixels, (byte)Math.Min(255, prompt.Length));
        var png = PngMaskWriter.Write(pixels, size, size);
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", "img-" + prompt.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("model", root.GetProperty("model").GetString());
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteNumber("index", 0);
            w.WriteString("b64_json", Convert.ToBase64String(png));
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// DeepInfra's transcription (OpenAI's form): a multipart form with the audio as the <c>file</c> part and the model
    /// beside it. The "text" says what arrived: the file part's name and media type, its length, and the model.
    /// </summary>
    internal static async Task TranscriptionAsync(HttpContext context)
    {
        if (!Authorized(context) || !context.Request.HasFormContentType)
        {
            await Error(context, Authorized(context) ? 415 : 401, Authorized(context) ? "multipart/form-data expected" : "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form.Files.GetFile("file") is not { } file || form["model"].ToString() != "org-ai/Listener-Large")
        {
            await Error(context, 422, "a file part and model org-ai/Listener-Large expected").ConfigureAwait(false);
            return;
        }
        var text = FormattableString.Invariant($"{file.Length} bytes in {file.FileName} ({file.ContentType}) for {form["model"]}");
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("text", text);
            w.WriteStartArray("segments");
            w.WriteStartObject();
            w.WriteNumber("start", 0);
            w.WriteNumber("end", file.Length / 16000.0);
            w.WriteString("text", text);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>DeepInfra's speech (OpenAI's form): the text in, audio bytes back (here the text's UTF-8 after a RIFF/WAVE header).</summary>
    internal static async Task SpeechAsync(HttpContext context)
    {
        using var body = await Read(context).ConfigureAwait(false);
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var input = body.RootElement.GetProperty("input").GetString() ?? "";
        context.Response.ContentType = "audio/wav";
        await context.Response.Body.WriteAsync(Speech(input), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>
    /// fal.ai's synchronous route (<c>/fal-ai/{model}</c>): a prompt gets images, a text gets audio, each as a URL on
    /// fal's host (fictional here: the client must never fetch it), named by the model and the input's length.
    /// </summary>
    internal static async Task FalAsync(HttpContext context, string model)
    {
        using var body = await Read(context).ConfigureAwait(false);
        var root = body.RootElement;
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        if (context.Request.Query["_subdomain"] == "queue")
        {
            // fal.ai's queue: the request is queued; its status and result are at response_url's path (fal's app id,
            // the model's first two segments, then requests/{id}), asked on the router under /fal-ai.
            var id = FormattableString.Invariant($"req-{System.Threading.Interlocked.Increment(ref _videoJobs)}");
            var app = string.Join('/', model.Split('/').Take(2));
            await Json(context, w =>
            {
                w.WriteStartObject();
                w.WriteString("request_id", id);
                w.WriteString("status", "IN_QUEUE");
                w.WriteString("response_url", $"https://queue.fal.invalid/{app}/requests/{id}");
                w.WriteString("status_url", $"https://queue.fal.invalid/{app}/requests/{id}/status");
                w.WriteNumber("queue_position", 0);
                w.WriteEndObject();
            }).ConfigureAwait(false);
            return;
        }
        await Json(context, w =>
        {
            w.WriteStartObject();
            if (root.TryGetProperty("prompt", out var prompt))
            {
                w.WriteStartArray("images");
                w.WriteStartObject();
                w.WriteString("url", FalUrl(model, prompt.GetString() ?? "", "png"));
                w.WriteString("content_type", "image/png");
                w.WriteEndObject();
                w.WriteEndArray();
                if (root.TryGetProperty("seed", out var seed)) w.WriteNumber("seed", seed.GetInt64());
            }
            else if (root.TryGetProperty("text", out var text))
            {
                w.WriteStartObject("audio");
                w.WriteString("url", FalUrl(model, text.GetString() ?? "", "wav"));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// Replicate's predictions route (<c>/replicate/v1/models/{owner}/{name}/predictions</c>): with <c>Prefer: wait</c>
    /// the prediction is answered finished, its output a URL on Replicate's host (fictional here); without it, as the
    /// service does, just started, with no output yet.
    /// </summary>
    internal static async Task ReplicateAsync(HttpContext context, string owner, string name)
    {
        using var body = await Read(context).ConfigureAwait(false);
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var input = body.RootElement.GetProperty("input");
        var text = (input.TryGetProperty("prompt", out var prompt) ? prompt : input.GetProperty("text")).GetString() ?? "";
        var waited = string.Equals(context.Request.Headers["Prefer"].ToString(), "wait", StringComparison.OrdinalIgnoreCase);
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", FormattableString.Invariant($"stand-in-{text.Length}"));
            w.WriteString("model", owner + "/" + name);
            w.WriteString("status", waited ? "succeeded" : "starting");
            if (waited) w.WriteString("output", ReplicateUrl(owner + "/" + name, text)); else w.WriteNull("output");
            w.WriteNull("error");
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    // The prompts of the video jobs made, by id (bounded: a stand-in, not a store).
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> VideoJobs = new(StringComparer.Ordinal);
    private static int _videoJobs;

    /// <summary>
    /// Together's video jobs (<c>POST /together/v2/videos</c>): answered queued, with an id; the job's address
    /// (<c>GET /together/v2/videos/{id}</c>) answers it completed, its video a URL on Together's host (fictional), or,
    /// for a prompt that asks to fail, failed with an error.
    /// </summary>
    internal static async Task VideoJobAsync(HttpContext context)
    {
        using var body = await Read(context).ConfigureAwait(false);
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var prompt = body.RootElement.TryGetProperty("prompt", out var p) ? p.GetString() ?? "" : "";
        var id = FormattableString.Invariant($"video-{System.Threading.Interlocked.Increment(ref _videoJobs)}");
        if (VideoJobs.Count < 1000) VideoJobs[id] = prompt;
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("status", "queued");
            w.WriteString("model", body.RootElement.GetProperty("model").GetString());
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    internal static async Task VideoJobStatusAsync(HttpContext context, string id)
    {
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        if (!VideoJobs.TryGetValue(id, out var prompt))
        {
            await Error(context, 404, "No such job").ConfigureAwait(false);
            return;
        }
        var failed = prompt.Contains("fail", StringComparison.OrdinalIgnoreCase);
        await Json(context, w =>
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("status", failed ? "failed" : "completed");
            if (failed)
            {
                w.WriteStartObject("error");
                w.WriteString("message", "The stand-in was asked to fail.");
                w.WriteEndObject();
            }
            else
            {
                w.WriteStartObject("outputs");
                w.WriteString("video_url", TogetherVideoUrl(id));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// WaveSpeed's tasks (<c>POST /wavespeed/api/v3/{model}</c>): answered created, the task's result URL on WaveSpeed's
    /// host (fictional); that URL's path on the router (<c>/wavespeed/api/v3/predictions/{id}/result</c>) answers it
    /// completed, its output a URL.
    /// </summary>
    internal static async Task WavespeedAsync(HttpContext context, string model)
    {
        using var body = await Read(context).ConfigureAwait(false);
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var id = FormattableString.Invariant($"task-{System.Threading.Interlocked.Increment(ref _videoJobs)}");
        await Json(context, w => WavespeedTask(w, id, model, "created")).ConfigureAwait(false);
    }

    internal static async Task WavespeedResultAsync(HttpContext context, string id)
    {
        if (!Authorized(context))
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        await Json(context, w => WavespeedTask(w, id, null, "completed")).ConfigureAwait(false);
    }

    private static void WavespeedTask(Utf8JsonWriter w, string id, string? model, string status)
    {
        w.WriteStartObject();
        w.WriteNumber("code", 200);
        w.WriteString("message", "success");
        w.WriteStartObject("data");
        w.WriteString("id", id);
        if (model is not null) w.WriteString("model", model);
        w.WriteString("status", status);
        w.WriteStartObject("urls");
        w.WriteString("get", "https://api.wavespeed.invalid/api/v3/predictions/" + id + "/result");
        w.WriteEndObject();
        w.WriteStartArray("outputs");
        if (status == "completed") w.WriteStringValue(WavespeedOutputUrl(id));
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>Where the stand-in says WaveSpeed put a task's file.</summary>
    public static string WavespeedOutputUrl(string id) => "https://cdn.wavespeed.invalid/" + id + ".png";

    /// <summary>Where the stand-in says Together put a job's video.</summary>
    public static string TogetherVideoUrl(string id) => "https://api.together.invalid/videos/" + id + ".mp4";

    /// <summary>Where the stand-in says Replicate put a prediction's file.</summary>
    public static string ReplicateUrl(string model, string input)
        => FormattableString.Invariant($"https://replicate.delivery.invalid/{model}/{input.Length}.png");

    /// <summary>
    /// fal.ai's queue on the router (<c>GET /fal-ai/{app}/requests/{id}[/status]?_subdomain=queue</c>): the status
    /// answers COMPLETED, the result a video URL on fal's host (fictional).
    /// </summary>
    internal static async Task FalQueueAsync(HttpContext context, string path)
    {
        if (!Authorized(context) || context.Request.Query["_subdomain"] != "queue")
        {
            await Error(context, 401, "Invalid credentials").ConfigureAwait(false);
            return;
        }
        var status = path.EndsWith("/status", StringComparison.Ordinal);
        var id = path.Split('/')[status ? ^2 : ^1];
        await Json(context, w =>
        {
            w.WriteStartObject();
            if (status)
            {
                w.WriteString("status", "COMPLETED");
            }
            else
            {
                w.WriteStartObject("video");
                w.WriteString("url", FalUrl(id, "video", "mp4"));
                w.WriteString("content_type", "video/mp4");
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }).ConfigureAwait(false);
    }

    /// <summary>Where the stand-in says fal.ai put a file for a model and an input.</summary>
    public static string FalUrl(string model, string input, string extension)
        => FormattableString.Invariant($"https://v3.fal.media.invalid/files/{model}/{input.Length}.{extension}");

    /// <summary>The stand-in's "audio" for a text: a RIFF/WAVE header, then the text's UTF-8.</summary>
    public static byte[] Speech(string input) => [.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8, .. Encoding.UTF8.GetBytes(input)];

    /// <summary>Answers 200 with the JSON <paramref name="write"/> writes.</summary>
    private static async Task Json(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(output)) write(w);
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    // The router asks for a token on provider routes; any bearer does here.
    private static bool Authorized(HttpContext context)
        => context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);

    private static async Task<JsonDocument> Read(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        return JsonDocument.Parse(buffer.ToArray());
    }

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"error\":\"" + JsonEncodedText.Encode(message) + "\"}", Encoding.UTF8, context.RequestAborted);
    }
}
