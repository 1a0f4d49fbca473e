using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using HuggingFace.Inference.ImageSegmentation;
using SegmentationStandIn;
using StbImageSharp;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Masks;
using Toolkit.Runtime.Validation;

// SegmentImage --help prints the usage below. The default model is one the hf-inference provider serves today (per its
// docs page).
const string DefaultModel = "nvidia/segformer-b0-finetuned-ade-512-512";
const long MaxInputPixels = 16L * 1024 * 1024;
const string Usage = """
    Usage: SegmentImage [image] [options]

    Segments an image and writes overlay.png, one mask-<n>-<label>.png per segment and segments.json.
    Without HF_TOKEN (or with --local) it calls a local stand-in service on 127.0.0.1 (a classical colour
    segmenter, not a neural model); with HF_TOKEN, the real API on the router
    (https://router.huggingface.co/hf-inference), or --endpoint.

      image                 a JPEG, PNG, BMP or GIF file (default: the embedded assets/shapes.png)
      --subtask KIND        panoptic, instance or semantic
      --threshold X         drop segments scored below X (0 to 1), e.g. 0.9
      --model ID            the model id (default: nvidia/segformer-b0-finetuned-ade-512-512)
      --out DIR             where to write the files (default: segment-output)
      --local               use the local stand-in even when HF_TOKEN is set
      --endpoint URL        another base address for the real API
      -h, --help            this text

    Exit codes: 0 done, 2 bad input, 3 the service answered an error, 4 the service could not be reached or timed
    out, 5 the answer could not be read.
    """;

string? imagePath = null, model = null, endpoint = null;
var outDir = "segment-output";
var parameters = new ImageSegmentationParameters();
var hasParameters = false;
var local = false;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        switch (args[i])
        {
            case "--subtask":
                if (!ImageSegmentationSerializer.TryParseImageSegmentationSubtask(Value(args, ref i), out var subtask))
                {
                    return Fail(2, "--subtask must be instance, panoptic or semantic");
                }
                parameters.Subtask = subtask;
                hasParameters = true;
                break;
            case "--threshold":
                if (!double.TryParse(Value(args, ref i), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold))
                {
                    return Fail(2, "--threshold must be a number, e.g. 0.9");
                }
                parameters.Threshold = threshold;
                hasParameters = true;
                break;
            case "--model": model = Value(args, ref i); break;
            case "--out": outDir = Value(args, ref i); break;
            case "--endpoint": endpoint = Value(args, ref i); break;
            case "--local": local = true; break;
            case "-h" or "--help" or "-?":
                Console.WriteLine(Usage);
                return 0;
            default:
                if (args[i].StartsWith("--", StringComparison.Ordinal)) return Fail(2, $"unknown option {args[i]} (--help lists the options)");
                imagePath = args[i];
                break;
        }
    }
}
catch (ArgumentException e)
{
    return Fail(2, e.Message);
}

imagePath ??= Path.Combine(AppContext.BaseDirectory, "assets", "shapes.png");
if (!File.Exists(imagePath)) return Fail(2, $"image not found: {imagePath}");
var imageBytes = File.ReadAllBytes(imagePath);
var info = ImageInfo.FromStream(new MemoryStream(imageBytes));
if (info is not { } header) return Fail(2, $"not an image (JPEG, PNG, BMP, GIF, ...): {imagePath}");
if ((long)header.Width * header.Height > MaxInputPixels)
{
    return Fail(2, $"image too large: {header.Width}x{header.Height} is over {MaxInputPixels / (1024 * 1024)} megapixels");
}
Uri? endpointUri = null;
if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri)) return Fail(2, $"--endpoint is not an absolute URL: {endpoint}");

var token = Environment.GetEnvironmentVariable("HF_TOKEN");
local |= string.IsNullOrEmpty(token);
StandInServer? server = null;
try
{
    var options = new ImageSegmentationClientOptions { Model = model ?? DefaultModel };
    if (local)
    {
        Console.Error.WriteLine("Starting the local stand-in service (a classical colour segmenter, not a neural model)...");
        server = await StandInServer.StartAsync();
        options.BaseAddress = server.BaseAddress;
    }
    else
    {
        options.Token = token;
        if (endpointUri is not null) options.BaseAddress = endpointUri;
    }

    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
    var client = new ImageSegmentationClient(http, options);
    var where = server is null ? options.BaseAddress.ToString() : $"{options.BaseAddress} (the local stand-in, not the real API: set HF_TOKEN to call it)";
    Console.Error.WriteLine($"Segmenting {Path.GetFileName(imagePath)} with {options.Model} at {where}...");
    var segments = await client.SegmentAsync(imageBytes, hasParameters ? parameters : null);
    Console.Error.WriteLine($"Decoding {segments.Count} mask(s)...");
    var decoded = segments.Select(s => (s.Label, Mask: s.Mask.Decode())).ToList();
    Directory.CreateDirectory(outDir);

    Console.WriteLine($"{"#",-3} {"label",-24} {"score",8} {"area %",7}  {"bounding box (x, y, w, h)",-26}");
    for (var i = 0; i < segments.Count; i++)
    {
        var s = segments[i];
        var mask = decoded[i].Mask;
        var score = s.Score is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "null";
        var area = (100.0 * mask.Area / ((long)mask.Width * mask.Height)).ToString("0.00", CultureInfo.InvariantCulture);
        var box = mask.BoundingBox is { } b ? $"{b.X}, {b.Y}, {b.Width}, {b.Height}" : "empty";
        Console.WriteLine($"{i + 1,-3} {s.Label,-24} {score,8} {area,7}  {box,-26}");
        var safe = string.Concat(s.Label.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_'));
        File.WriteAllBytes(Path.Combine(outDir, $"mask-{i + 1}-{safe}.png"), s.Mask.GetPngBytes());
    }
    // The response as received, through the generated serializer: the same JSON the API speaks.
    File.WriteAllBytes(Path.Combine(outDir, "segments.json"), ImageSegmentationSerializer.SerializeResponse(segments));
    Console.Error.WriteLine("Drawing the overlay...");
    var overlayPath = Path.Combine(outDir, "overlay.png");
    File.WriteAllBytes(overlayPath, OverlayRenderer.Render(ImageResult.FromMemory(imageBytes, ColorComponents.RedGreenBlueAlpha), decoded));
    Console.WriteLine($"{segments.Count} segment(s). Overlay: {Path.GetFullPath(overlayPath)} (masks and segments.json beside it).");
    return 0;
}
catch (RequestValidationException e)
{
    return Fail(2, e.Message);
}
catch (ApiException e)
{
    return Fail(3, e.Message);
}
catch (Exception e) when (e is ApiConnectionException or ApiTimeoutException)
{
    return Fail(4, e.Message); // names the host, or the limit that ran out
}
catch (Exception e) when (e is JsonPayloadException or MaskFormatException or ResponseTooLargeException)
{
    return Fail(5, e.Message);
}
finally
{
    if (server is not null) await server.DisposeAsync();
}

static string Value(string[] args, ref int i)
    => ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

static int Fail(int code, string message)
{
    Console.Error.WriteLine("error: " + message);
    return code;
}
