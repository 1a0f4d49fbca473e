using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Acme.Sink.V2;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>Code generated from a spec using every feature of the format, exercised at run time.</summary>
public sealed class KitchenSinkTests
{
    [Fact]
    public void RequestWritesEveryKindOfField()
    {
        var request = new KitchenSinkRequest
        {
            Text = "hi",
            TopK = 3,
            Strict = true,
            Labels = new[] { "a", "b" },
            Weights = new[] { new[] { 0.5, 1.0 }, Array.Empty<double>() },
            Filters = new[] { new SinkFilter { Field = "f", Op = KitchenSinkOp.InSet, Value = null } },
            Options = new KitchenSinkOptions { Language = KitchenSinkLanguage.Unknown, Blob = new byte[] { 1, 2 }, Nested = new KitchenSinkNested { Depth = 4 } },
            Class = "keyword",
        };
        var root = JsonDocument.Parse(KitchenSinkSerializer.SerializeRequest(request)).RootElement;
        Assert.Equal(3, root.GetProperty("top_k").GetInt32());
        Assert.Equal("in", root.GetProperty("filters")[0].GetProperty("op").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("filters")[0].GetProperty("value").ValueKind); // required and nullable: written as null
        Assert.Equal("unknown", root.GetProperty("options").GetProperty("language").GetString()); // a real value named "unknown"
        Assert.Equal("AQI=", root.GetProperty("options").GetProperty("blob").GetString());
        Assert.Equal(0, root.GetProperty("weights")[1].GetArrayLength());
        Assert.Equal("keyword", root.GetProperty("class").GetString());

        var back = KitchenSinkSerializer.DeserializeRequest(KitchenSinkSerializer.SerializeRequest(request));
        Assert.Equal(KitchenSinkOp.InSet, back.Filters![0].Op);
        Assert.Equal(4, back.Options!.Nested!.Depth);
        Assert.Equal(new[] { 0.5, 1.0 }, back.Weights![0]);
        Assert.Empty(KitchenSinkValidator.ValidateRequest(back));
    }

    [Fact]
    public void ValidatorWalksNestedArraysAndObjects()
    {
        var request = new KitchenSinkRequest
        {
            Text = null!,
            TopK = 0,
            Weights = new[] { new[] { double.PositiveInfinity } },
            Filters = new[] { new SinkFilter { Field = null!, Op = (KitchenSinkOp)9, Value = "v" } },
        };
        var paths = KitchenSinkValidator.ValidateRequest(request).Select(e => e.Path).OrderBy(p => p, StringComparer.Ordinal);
        Assert.Equal(new[] { "$.filters[0].field", "$.filters[0].op", "$.text", "$.top_k", "$.weights[0][0]" }, paths);
    }

    [Fact]
    public void ResponseReadsRequiredNullableAndUnknownEnumValues()
    {
        var json = "{\"scores\":[{\"label\":\"x\",\"score\":0.5,\"kind\":\"brand-new\"}],\"count\":null,\"masks\":[],\"extra\":1}";
        var result = KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes(json));
        Assert.Null(result.Count);
        Assert.Equal(KitchenSinkKind.Unknown, result.Scores[0].Kind); // a value the API added later does not break reading
        var missing = Assert.Throws<JsonPayloadException>(() => KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes("{\"scores\":[]}")));
        Assert.Equal("$", missing.Path);
        Assert.Contains("'count'", missing.Expected);
        var wrong = Assert.Throws<JsonPayloadException>(() => KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes("{\"scores\":[{\"label\":\"x\",\"score\":true}],\"count\":1}")));
        Assert.Equal("$.scores[0].score", wrong.Path);
    }

    [Fact]
    public async Task ClientBuildsThePathHeadersAndJsonBody()
    {
        var handler = new ScriptedHandler(_ => Responses.Json("{\"scores\":[],\"count\":2,\"done\":true}"));
        var client = new KitchenSinkClient(handler, new KitchenSinkClientOptions { ApiKey = "key-1", ItemId = "a/b", DebugMode = true });

        var result = await client.ClassifyTextAsync("hello", topK: 7, options: new KitchenSinkRequestOptions { Retries = 2, Temperature = 0.25 });

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("PUT", sent.Method.Method);
        Assert.Equal("http://localhost:8080/base/v2/items/a%2Fb/classify", sent.Uri.ToString());
        Assert.Equal("key-1", sent.Header("x-api-key"));
        Assert.Equal("true", sent.Header("x-debug"));
        Assert.Equal("2", sent.Header("x-retries"));
        Assert.Equal("0.25", sent.Header("x-temperature"));
        Assert.Equal("{\"text\":\"hello\",\"top_k\":7}", Encoding.UTF8.GetString(sent.Body));
        Assert.Equal(2, result.Count);
        Assert.True(result.Done);
    }

    [Fact]
    public async Task RequiredClientHeaderMustBeSet()
    {
        var client = new KitchenSinkClient(new ScriptedHandler(), new KitchenSinkClientOptions { ItemId = "x" });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.ClassifyTextAsync("hello"));
        Assert.Contains("ApiKey", error.Message);
    }
}
