using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SegmentationStandIn.Contract;
using StbImageSharp;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Masks;

namespace SegmentationStandIn;

/// <summary>
/// A local stand-in for the image-segmentation endpoint on 127.0.0.1: same request and response shapes, parsed
/// and validated with the generated contract, answered by <see cref="ColourSegmenter"/> (not a neural model). It also
/// serves chat completion (<see cref="ChatStandIn"/>) at hf-inference's path and at the router's
/// <c>/v1/chat/completions</c>, text generation, and (<see cref="ProviderStandIn"/>) the Hub's providers mapping and
/// Together's embeddings and images routes of the router. hf-inference's routes answer under <c>/models</c> and, as on
/// the router, under <c>/hf-inference/models</c>.
/// </summary>
public sealed class StandInServer : IAsyncDisposable
{
    /// <summary>Images larger than this are refused with 400, as a real service refuses huge inputs.</summary>
    public const int MaxPixels = 16 * 1024 * 1024;

    private readonly WebApplication _app;

    private StandInServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The address to give the client as its base address.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts the stand-in on 127.0.0.1, on <paramref name="port"/> or a free port when 0.</summary>
    public static async Task<StandInServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        var (app, address) = await LoopbackHost.StartAsync(
            a =>
            {
                a.MapPost("/models/{**model}", HandleAsync);
                // hf-inference on the router is the same service under its provider's prefix (the router's own provider).
                a.MapPost("/hf-inference/models/{**model}", HandleAsync);
                a.MapPost(ChatStandIn.PathSuffix, RouterChatAsync); // the router's OpenAI-compatible chat completion
                // The Hub's model info with the providers' mapping, and provider routes of the router.
                a.MapGet("/api/models/{**model}", ProviderStandIn.ModelInfoAsync);
                a.MapPost("/together/v1/embeddings", ProviderStandIn.EmbeddingsAsync);
                a.MapPost("/together/v1/images/generations", ProviderStandIn.ImagesAsync);
                a.MapPost("/deepinfra/v1/openai/audio/transcriptions", ProviderStandIn.TranscriptionAsync);
                a.MapPost("/deepinfra/v1/openai/audio/speech", ProviderStandIn.SpeechAsync);
                a.MapPost("/fal-ai/{**model}", ProviderStandIn.FalAsync);
                a.MapGet("/fal-ai/{**path}", ProviderStandIn.FalQueueAsync);
                a.MapPost("/replicate/v1/models/{owner}/{name}/predictions", ProviderStandIn.ReplicateAsync);
                a.MapPost("/together/v2/videos", ProviderStandIn.VideoJobAsync);
                a.MapGet("/together/v2/videos/{id}", ProviderStandIn.VideoJobStatusAsync);
                a.MapGet("/wavespeed/api/v3/predictions/{id}/result", ProviderStandIn.WavespeedResultAsync);
                a.MapPost("/wavespeed/api/v3/{**model}", ProviderStandIn.WavespeedAsync);
            }, port, maxRequestBodySize: 64 * 1024 * 1024, cancellationToken).ConfigureAwait(false);
        return new StandInServer(app, address);
    }

    private static async Task RouterChatAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        await ChatStandIn.HandleAsync(context, null, buffer.ToArray()).ConfigureAwait(false);
    }

    private static async Task HandleAsync(HttpContext context, string model)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var body = buffer.ToArray();
        if (model.EndsWith(ChatStandIn.PathSuffix, StringComparison.Ordinal))
        {
            await ChatStandIn.HandleAsync(context, model[..^ChatStandIn.PathSuffix.Length], body).ConfigureAwait(false);
            return;
        }
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true && TextGenerationStandIn.Asks(body))
        {
            await TextGenerationStandIn.HandleAsync(context, body).ConfigureAwait(false);
            return;
        }

        byte[] image;
        ImageSegmentationParameters? parameters = null;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            ImageSegmentationRequest request;
            try
            {
                request = ImageSegmentationSerializer.DeserializeRequest(body);
            }
            catch (JsonPayloadException e)
            {
                await ErrorAsync(context, 400, e.Message).ConfigureAwait(false);
                return;
            }
            var errors = ImageSegmentationValidator.ValidateRequest(request);
            if (errors.Count > 0)
            {
                await ErrorAsync(context, 400, errors.Select(e => $"Error in `{e.Path.TrimStart('$', '.')}`: {e.Message}").ToArray()).ConfigureAwait(false);
                return;
            }
            image = request.Inputs.ToArray();
            parameters = request.Parameters;
        }
        else
        {
            image = body;
        }

        ImageResult decoded;
        try
        {
            var info = ImageInfo.FromStream(new MemoryStream(image));
            if (info is null) throw new InvalidDataException("not an image");
            if ((long)info.Value.Width * info.Value.Height > MaxPixels)
            {
                await ErrorAsync(context, 400, $"Image too large: {info.Value.Width}x{info.Value.Height} is over {MaxPixels} pixels").ConfigureAwait(false);
                return;
            }
            decoded = ImageResult.FromMemory(image, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or NullReferenceException)
        {
            await ErrorAsync(context, 400, "Error in `inputs`: Invalid image").ConfigureAwait(false);
            return;
        }

        var found = ColourSegmenter.Segment(decoded.Data, decoded.Width, decoded.Height, parameters);
        var segments = found.Select(s => new ImageSegmentationSegment
        {
            Label = s.Label,
            Score = s.Score,
            Mask = EncodedMask.FromPng(PngMaskWriter.Write(s.Mask, decoded.Width, decoded.Height)),
        }).ToList();
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-request-id"] = Guid.NewGuid().ToString("N");
        context.Response.Headers["x-compute-type"] = "stand-in";
        await context.Response.Body.WriteAsync(ImageSegmentationSerializer.SerializeResponse(segments), context.RequestAborted).ConfigureAwait(false);
        _ = model;
    }

    private static async Task ErrorAsync(HttpContext context, int status, params string[] messages)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        // The real error shape: "error" is a string, or a list of strings when there are several.
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        if (messages.Length == 1)
        {
            writer.WriteString("error", messages[0]);
        }
        else
        {
            writer.WriteStartArray("error");
            foreach (var m in messages) writer.WriteStringValue(m);
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
