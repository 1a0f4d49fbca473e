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

        var result = await client.ClassifyTextAsync(new KitchenSinkRequest { Text = "hello", TopK = 7 }, options: new KitchenSinkRequestOptions { Retries = 2, Temperature = 0.25 });

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

    [Fact]
    public void AClosedEnumRejectsAValueItDoesNotList()
    {
        var ok = KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes("{\"scores\":[{\"label\":\"x\",\"score\":0.5,\"grade\":\"b\"}],\"count\":1}"));
        Assert.Equal(KitchenSinkGrade.B, ok.Scores[0].Grade);
        var e = Assert.Throws<JsonPayloadException>(() => KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes("{\"scores\":[{\"label\":\"x\",\"score\":0.5,\"grade\":\"c\"}],\"count\":1}")));
        Assert.Equal("$.scores[0].grade", e.Path);
        Assert.Equal("one of a, b", e.Expected);
    }

    [Fact]
    public void UnionsMapsAndJsonValuesRoundTrip()
    {
        var request = new KitchenSinkRequest
        {
            Text = "t",
            Inputs = SinkInputs.FromTextList(new[] { "a", "b" }),
            Extras = new System.Collections.Generic.Dictionary<string, double> { ["x"] = 1.5, ["y z"] = -2 },
            Raw = JsonDocument.Parse("{\"any\":[1,\"two\",null]}").RootElement,
        };
        var json = Encoding.UTF8.GetString(KitchenSinkSerializer.SerializeRequest(request));
        Assert.Contains("\"inputs\":[\"a\",\"b\"]", json);
        Assert.Contains("\"extras\":{\"x\":1.5,\"y z\":-2}", json);
        Assert.Contains("\"raw\":{\"any\":[1,\"two\",null]}", json);

        var back = KitchenSinkSerializer.DeserializeRequest(Encoding.UTF8.GetBytes(json));
        Assert.Equal(SinkInputs.Variant.TextList, back.Inputs!.Kind);
        Assert.Equal(new[] { "a", "b" }, back.Inputs.AsTextList);
        Assert.Equal(-2, back.Extras!["y z"]);
        Assert.Equal("two", back.Raw!.Value.GetProperty("any")[1].GetString());

        SinkInputs text = "plain"; // implicit from the string variant
        Assert.Equal("{\"text\":\"t\",\"inputs\":\"plain\"}", Encoding.UTF8.GetString(KitchenSinkSerializer.SerializeRequest(new KitchenSinkRequest { Text = "t", Inputs = text })));
        var document = KitchenSinkSerializer.DeserializeRequest(Encoding.UTF8.GetBytes("{\"text\":\"t\",\"inputs\":{\"url\":\"u\",\"page\":0}}"));
        Assert.Equal("u", document.Inputs!.AsSinkDocument!.Url);
        // The validator walks into the variant held: page is below its minimum.
        Assert.Equal("$.inputs.page", Assert.Single(KitchenSinkValidator.ValidateRequest(document)).Path);
    }

    [Fact]
    public void AUnionValueOfNoVariantsShapeNamesThePathAndTheShapes()
    {
        var e = Assert.Throws<JsonPayloadException>(() => KitchenSinkSerializer.DeserializeRequest(Encoding.UTF8.GetBytes("{\"text\":\"t\",\"inputs\":42}")));
        Assert.Equal("$.inputs", e.Path);
        Assert.Equal("a string or an array or an object", e.Expected);
    }

    [Fact]
    public void ResponseMapsOfJsonAndNullableUnionsRead()
    {
        var json = "{\"scores\":[],\"count\":1,\"metadata\":{\"a\":{\"deep\":true},\"b\":3},\"answer\":\"yes\"}";
        var result = KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes(json));
        Assert.True(result.Metadata!["a"].GetProperty("deep").GetBoolean());
        Assert.Equal("yes", result.Answer!.AsWord);
        Assert.Null(result.Answer.AsNumber);
        var nullAnswer = KitchenSinkSerializer.DeserializeResponse(Encoding.UTF8.GetBytes("{\"scores\":[],\"count\":1,\"answer\":null}"));
        Assert.Null(nullAnswer.Answer);
    }

    [Fact]
    public async Task BinaryResponsesComeBackAsBytesAndMatchAMediaTypeRange()
    {
        var png = new byte[] { 0x89, 0x50, 0x4e, 0x47, 1, 2, 3 };
        var handler = new ScriptedHandler(_ => Responses.Bytes(png, "image/png"));
        var client = new Acme.Draw.DrawImageClient(handler, new Acme.Draw.DrawImageClientOptions { Model = "m" });
        var image = await client.DrawAsync("a cat", new Acme.Draw.DrawImageParameters { Size = new System.Collections.Generic.Dictionary<string, long> { ["width"] = 64 } });
        Assert.Equal(png, image.ToArray());
        Assert.Equal("{\"inputs\":\"a cat\",\"parameters\":{\"size\":{\"width\":64}}}", Encoding.UTF8.GetString(Assert.Single(handler.Requests).Body));

        var wrong = new Acme.Draw.DrawImageClient(new ScriptedHandler(_ => Responses.Bytes(png, "text/html")), new Acme.Draw.DrawImageClientOptions { Model = "m" });
        var e = await Assert.ThrowsAsync<JsonPayloadException>(() => wrong.DrawAsync("a cat"));
        Assert.Contains("image/*", e.Expected);
    }
}
