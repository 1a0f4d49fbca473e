using System.Linq;
using Microsoft.CodeAnalysis;
using Toolkit.Generator.Tests.Infrastructure;
using Toolkit.Generator.Versioning;
using Xunit;

namespace Toolkit.Generator.Tests;

/// <summary>
/// <c>poll</c>: an operation that starts a job the client waits for. The generated method sends, then asks the job's
/// address (its placeholders fields of the answer) through JobPolling; a malformed poll is a diagnostic at its place.
/// </summary>
public sealed class PollTests
{
    private const string Api = """
        {
          "name": "videos",
          "version": "1.0.0",
          "namespace": "Videos.Api",
          "baseUrl": "https://example.test",
          "headers": { "authorization": { "type": "string", "scope": "client", "auth": "bearer", "description": "The token." } },
          "operations": {
            "make-video": {
              "method": "POST",
              "path": "/v2/videos",
              "payload": { "prompt": { "type": "string", "required": true } },
              "response": { "type": "object", "typeName": "VideoJob", "properties": {
                "id": { "type": "string", "required": true },
                "status": { "type": "string" },
                "count": { "type": "integer" } } },
              "poll": { "path": "/v2/videos/{id}", "status": "status", "pending": ["queued", "in_progress"], "done": ["completed"], "interval": 2000, "maxPolls": 150 }
            }
          }
        }
        """;

    [Fact]
    public void TheMethodWaitsForTheJobAtItsAddressWithTheClientsHeaders()
    {
        var (result, output) = GeneratorHarness.Run(("/specs/videos.json", Api));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = GeneratorHarness.TypeSource(result, "VideosClient");
        Assert.Contains("public async global::System.Threading.Tasks.Task<global::Videos.Api.VideoJob> MakeVideoAsync(", client);
        Assert.Contains("global::Toolkit.Runtime.Transport.JobPolling.PollAsync(first, static j => j.Status,", client);
        Assert.Contains("new(\"make-video\", new string[] { \"queued\", \"in_progress\" }, new string[] { \"completed\" }, global::System.TimeSpan.FromMilliseconds(2000), 150);", client);
        Assert.Contains("\"/v2/videos/\" + global::Toolkit.Runtime.Transport.ApiPaths.Escape(job.Id ?? throw new global::Toolkit.Runtime.Json.JsonPayloadException(\"$.id\", \"a string (the job's address)\", \"nothing\"), allowSlashes: false)", client);
        var poll = client.Substring(client.IndexOf("CreatePollRequestMakeVideo(global::", System.StringComparison.Ordinal));
        Assert.Contains("ApiHeaders.AddBearer(message, \"authorization\", _options.Token)", poll.Substring(0, poll.IndexOf("return message;", System.StringComparison.Ordinal)));
    }

    [Fact]
    public void TheOperationsOwnHeadersGoWithItsPolls()
    {
        var spec = Api.Replace("\"path\": \"/v2/videos\",", "\"path\": \"/v2/videos\", \"headers\": { \"x-source-channel\": { \"const\": \"hugging_face\" } },");
        Assert.NotEqual(Api, spec);
        var (result, output) = GeneratorHarness.Run(("/specs/videos.json", spec));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = GeneratorHarness.TypeSource(result, "VideosClient");
        var poll = client.Substring(client.IndexOf("CreatePollRequestMakeVideo(global::", System.StringComparison.Ordinal));
        Assert.Contains("ApiHeaders.Add(message, \"x-source-channel\", \"hugging_face\");", poll.Substring(0, poll.IndexOf("return message;", System.StringComparison.Ordinal)));
    }

    /// <summary>A nested status, and a job address that is the path of a URL in the answer (never its host).</summary>
    [Fact]
    public void ANestedStatusAndAUrlsPathAddressTheJob()
    {
        var spec = Api.Replace("\"count\": { \"type\": \"integer\" } } },",
                "\"count\": { \"type\": \"integer\" }, \"data\": { \"type\": \"object\", \"typeName\": \"JobData\", \"properties\": { \"state\": { \"type\": \"string\" }, \"urls\": { \"type\": \"object\", \"typeName\": \"JobUrls\", \"properties\": { \"get\": { \"type\": \"string\" } } } } } } },")
            .Replace("\"path\": \"/v2/videos/{id}\", \"status\": \"status\"", "\"path\": \"/queue{data.urls.get:path}\", \"status\": \"data.state\"");
        Assert.NotEqual(Api, spec);
        var (result, output) = GeneratorHarness.Run(("/specs/videos.json", spec));
        Assert.Empty(result.Diagnostics);
        Assert.Empty(GeneratorHarness.CompileErrors(output));
        var client = GeneratorHarness.TypeSource(result, "VideosClient");
        Assert.Contains("static j => j.Data?.State,", client);
        Assert.Contains("\"/queue\" + global::Toolkit.Runtime.Transport.ApiPaths.PathOf(job.Data?.Urls?.Get, \"$.data.urls.get\")", client);
    }

    [Theory]
    [InlineData("\"status\": \"status\", \"pending\"", "\"status\": \"count\", \"pending\"", "TK0010", "\"count\"")]
    [InlineData("\"path\": \"/v2/videos/{id}\"", "\"path\": \"/v2/videos/{count}\"", "TK0010", "\"/v2/videos/{count}\"")]
    [InlineData("\"path\": \"/v2/videos/{id}\"", "\"path\": \"/v2/videos/{id.x}\"", "TK0010", "\"/v2/videos/{id.x}\"")]
    [InlineData("\"status\": \"status\", \"pending\"", "\"status\": \"status.x\", \"pending\"", "TK0010", "\"status.x\"")]
    [InlineData("\"path\": \"/v2/videos/{id}\"", "\"path\": \"https://elsewhere.test/{id}\"", "TK0010", "\"https://elsewhere.test/{id}\"")]
    [InlineData("\"path\": \"/v2/videos/{id}\"", "\"path\": \"/v2/../admin/{id}\"", "TK0010", "\"/v2/../admin/{id}\"")]
    [InlineData("\"done\": [\"completed\"]", "\"done\": [\"queued\"]", "TK0010", "[\"queued\"]")]
    [InlineData("\"done\": [\"completed\"]", "\"done\": []", "TK0010", "[]")]
    [InlineData("\"interval\": 2000", "\"interval\": 5", "TK0010", "5")]
    [InlineData("\"maxPolls\": 150", "\"maxPolls\": 1000000", "TK0010", "1000000")]
    [InlineData("\"maxPolls\": 150", "\"maxPolls\": 150, \"every\": 1", "TK0009", "\"every\"")]
    [InlineData("\"maxPolls\": 150", "\"maxPolls\": 150, \"result\": \"/results/{id}\"", "TK0010", "{ \"path\": \"/v2/videos/{id}\"")]
    [InlineData("\"path\": \"/v2/videos/{id}\"", "\"path\": \"/v2/videos/{id}?a=b c\"", "TK0010", "\"/v2/videos/{id}?a=b c\"")]
    public void AMalformedPollIsADiagnosticAtItsPlace(string find, string replace, string id, string marker)
    {
        var spec = Api.Replace(find, replace);
        Assert.NotEqual(Api, spec);
        var (result, _) = GeneratorHarness.Run(("/specs/videos.json", spec));
        Assert.Null(result.Results.Single().Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var at = spec.IndexOf(marker, spec.IndexOf("\"poll\"", System.StringComparison.Ordinal), System.StringComparison.Ordinal);
        Assert.True(at > 0, marker);
        Assert.Equal((spec.Take(at).Count(c => c == '\n'), at - (spec.LastIndexOf('\n', at - 1) + 1)),
            (diagnostic.Location.GetLineSpan().StartLinePosition.Line, diagnostic.Location.GetLineSpan().StartLinePosition.Character));
    }

    [Fact]
    public void TheDiffReportsAChangedPoll()
    {
        var old = Parsing.SpecParser.Parse("/specs/videos.json", Api, null, default).Value!;
        var changed = Parsing.SpecParser.Parse("/specs/videos.json", Api.Replace("\"maxPolls\": 150", "\"maxPolls\": 30"), null, default).Value!;
        var change = Assert.Single(SpecDiff.Compare(old, changed));
        Assert.Equal("TKD050", change.Rule.Id);
        Assert.Contains("at most 30 times", change.NewValue);
        Assert.Equal(ChangeSeverity.Warning, change.Severity);
    }
}
