using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Toolkit.Cli.Tests.Import;

/// <summary>
/// <c>multipart/form-data</c> request bodies (file uploads, as OpenAI's transcriptions and files take them): imported
/// as a typed request whose fields are the parts, compiled strictly, and sent as a form.
/// </summary>
public sealed class OpenApiUploadTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-openapi-upload-");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Document = """
        openapi: 3.1.0
        info: { title: Uploads, version: 1.0.0 }
        servers: [ { url: "https://api.uploads.test/v1" } ]
        paths:
          /audio/transcriptions:
            post:
              operationId: createTranscription
              requestBody:
                required: true
                content:
                  multipart/form-data:
                    schema:
                      type: object
                      required: [file, model]
                      properties:
                        file: { type: string, format: binary, description: The audio file. }
                        model: { type: string }
                        temperature: { type: number }
                        response_format: { type: string, enum: [json, text, verbose_json] }
                        timestamp_granularities[]: { type: array, items: { type: string, enum: [word, segment] } }
                        chunking_strategy:
                          type: object
                          properties: { type: { type: string }, prefix_padding_ms: { type: integer } }
                        stream: { type: boolean }
              responses:
                "200":
                  description: ok
                  content:
                    application/json: { schema: { type: object, properties: { text: { type: string } } } }
                    text/event-stream: { schema: { type: object, properties: { delta: { type: string } } } }
        """;

    [Fact]
    public async Task AMultipartBodyIsATypedRequestSentAsAForm()
    {
        var path = Path.Combine(_dir.FullName, "uploads.yaml");
        File.WriteAllText(path, Document);
        var (exit, output, error, spec, specPath) = CliRunner.Import(_dir, path);
        Assert.True(exit == ExitCodes.Success, error + output);
        var operation = spec!["operations"]!["createTranscription"]!;
        Assert.Equal("multipart/form-data", operation["body"]!["contentType"]!.GetValue<string>());
        Assert.Equal("binary", operation["payload"]!["file"]!["format"]!.GetValue<string>());
        // The streamed answer to a form is said, not generated wrong.
        Assert.Null(operation["stream"]);
        Assert.Contains("a streamed answer to a multipart/form-data request is not in the spec format", output);

        var (assembly, problems) = Specs.SpecCompiler.CompileAssembly(specPath, strict: true);
        Assert.True(assembly is not null, string.Join("\n", problems));
        var clientType = assembly!.GetTypes().Single(t => t.Name == "UploadsClient");
        var optionsType = assembly.GetTypes().Single(t => t.Name == "UploadsClientOptions");
        var handler = new Capture();
        var client = Activator.CreateInstance(clientType, new HttpClient(handler), Activator.CreateInstance(optionsType))!;

        // A WAV file's first bytes: the part says what it is, so the service can tell the format by the file name.
        var wav = new byte[64];
        "RIFF"u8.CopyTo(wav);
        "WAVE"u8.CopyTo(wav.AsSpan(8));
        var requestType = assembly.GetTypes().Single(t => t.Name == "CreateTranscriptionRequest");
        var request = Activator.CreateInstance(requestType)!;
        requestType.GetProperty("File")!.SetValue(request, new ReadOnlyMemory<byte>(wav));
        requestType.GetProperty("Model")!.SetValue(request, "whisper-1");
        requestType.GetProperty("Temperature")!.SetValue(request, 0.5);
        var granularity = requestType.GetProperty("TimestampGranularities")!.PropertyType.GetGenericArguments()[0];
        var list = Array.CreateInstance(granularity, 2);
        list.SetValue(Enum.Parse(granularity, "Word"), 0);
        list.SetValue(Enum.Parse(granularity, "Segment"), 1);
        requestType.GetProperty("TimestampGranularities")!.SetValue(request, list);
        var strategyType = requestType.GetProperty("ChunkingStrategy")!.PropertyType;
        var strategy = Activator.CreateInstance(strategyType)!;
        strategyType.GetProperty("Type")!.SetValue(strategy, "server_vad");
        strategyType.GetProperty("PrefixPaddingMs")!.SetValue(strategy, strategyType.GetProperty("PrefixPaddingMs")!.PropertyType == typeof(long?) ? 300L : (object)300);
        requestType.GetProperty("ChunkingStrategy")!.SetValue(request, strategy);

        var method = clientType.GetMethods().Single(m => m.Name == "CreateTranscriptionAsync" && m.GetParameters().Any(p => p.ParameterType == requestType));
        await (Task)method.Invoke(client, method.GetParameters().Select(p => p.ParameterType == requestType ? request : p.HasDefaultValue ? p.DefaultValue : null).ToArray())!;

        Assert.StartsWith("multipart/form-data; boundary=", handler.ContentType, StringComparison.Ordinal);
        var body = handler.Body!;
        Assert.Contains("Content-Disposition: form-data; name=\"file\"; filename=\"file.wav\"", body);
        Assert.Contains("Content-Type: audio/wav", body);
        Assert.Contains("RIFF", body);
        Assert.Matches("name=\"model\"\r\n\r\nwhisper-1\r\n", body);
        Assert.Matches("name=\"temperature\"\r\n\r\n0.5\r\n", body);
        // A list repeats the field, each item its wire value.
        Assert.Matches("name=\"timestamp_granularities\\[\\]\"\r\n\r\nword\r\n", body);
        Assert.Matches("name=\"timestamp_granularities\\[\\]\"\r\n\r\nsegment\r\n", body);
        // An object is a part holding its JSON.
        Assert.Contains("{\"type\":\"server_vad\",\"prefix_padding_ms\":300}", body);
        // Fields left unset are not sent.
        Assert.DoesNotContain("response_format", body);
        Assert.DoesNotContain("name=\"stream\"", body);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0 }, ".png", "image/png")]
    [InlineData(new byte[] { 0x49, 0x44, 0x33, 4, 0 }, ".mp3", "audio/mpeg")]
    [InlineData(new byte[] { 0x66, 0x4C, 0x61, 0x43 }, ".flac", "audio/flac")]
    [InlineData(new byte[] { 1, 2, 3 }, "", "application/octet-stream")]
    [InlineData(new byte[0], "", "application/octet-stream")]
    public async Task AFilePartIsNamedByWhatItsBytesShow(byte[] bytes, string extension, string mediaType)
    {
        var form = new Toolkit.Runtime.Transport.FormBody();
        form.AddFile("image[]", bytes);
        var text = await form.Content.ReadAsStringAsync();
        Assert.Contains($"name=\"image[]\"; filename=\"image__{extension}\"", text);
        Assert.Contains("Content-Type: " + mediaType, text);
    }

    [Fact]
    public async Task AFieldNameWithALineBreakIsRefusedNotSent()
    {
        var form = new Toolkit.Runtime.Transport.FormBody();
        Assert.Throws<ArgumentException>(() => form.AddText("a\r\nContent-Type: evil", "x"));
        Assert.Throws<ArgumentException>(() => form.AddText("quote\"d", "x"));
        form.AddText("fine", "x");
        Assert.Contains("name=\"fine\"", await form.Content.ReadAsStringAsync());
    }

    /// <summary>Keeps the request body as text and answers an empty JSON object.</summary>
    private sealed class Capture : HttpMessageHandler
    {
        public string? Body { get; private set; }

        public string? ContentType { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            ContentType = request.Content?.Headers.ContentType?.ToString();
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        }
    }
}
