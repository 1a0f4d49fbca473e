using System.IO;
using System.Linq;
using HuggingFace.Inference.ImageSegmentation;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Import;
using Toolkit.Testing.Tests.Infrastructure;
using Toolkit.Testing.Verification;
using Xunit;

namespace Toolkit.Testing.Tests;

public class ContractVerifierTests
{
    private static readonly ContractVerifier Verifier = new(ImageSegmentationContract.Instance);

    private static VerificationReport Verify(params RecordedExchange[] exchanges)
        => Verifier.Verify(Bodies.Cassette(exchanges), "test.json");

    private static ContractViolation Single(VerificationReport report)
    {
        Assert.True(report.Violations.Count == 1, report.ToText());
        return report.Violations[0];
    }

    [RecordedFact]
    public void RealRecordingsVerifyClean()
    {
        var files = Directory.GetFiles(SharedData.RecordedDirectory, "*.json").OrderBy(f => f).ToList();
        Assert.NotEmpty(files);
        // Some were recorded at the router, a base URL this older spec does not know: say so, as --base-url does.
        var verifier = new ContractVerifier(new[] { ImageSegmentationContract.Instance }, baseUrls: new[] { "https://router.huggingface.co/hf-inference" });
        var report = verifier.Verify(files.Select(f => (Path.GetFileName(f), ExchangeFileImporter.Import(f))));
        Assert.True(report.IsClean, report.ToText());
        Assert.Equal(files.Count, report.Files);
        Assert.True(report.Exchanges >= 6);
        Assert.Empty(report.NotCovered);

        // Without it, those exchanges are counted as not covered, never as violations.
        var strict = Verifier.Verify(files.Select(f => (Path.GetFileName(f), ExchangeFileImporter.Import(f))));
        Assert.Empty(strict.Violations);
        Assert.Equal(report.Exchanges - strict.Exchanges, strict.NotCovered.Count);
    }

    [Fact]
    public void SelfMadeValidExchangesVerifyClean()
    {
        var report = Verify(
            Bodies.Exchange(200, Bodies.ValidSegments(), "application/json; charset=utf-8"),
            Bodies.Exchange(503, "{\"error\":\"Model is currently loading\",\"estimated_time\":20.0}"),
            Bodies.Exchange(400, "{\"error\":[\"Error in `inputs`\"]}"));
        Assert.True(report.IsClean, report.ToText());
    }

    [Fact]
    public void AnErrorBodyThatIsNotUtf8IsMalformedNotClean()
    {
        var exchange = Bodies.Exchange(400, "{\"error\":\"x\"}");
        var bytes = new byte[] { (byte)'{', (byte)'"', (byte)'e', (byte)'r', (byte)'r', (byte)'o', (byte)'r', (byte)'"', (byte)':', (byte)'"', 0xff, (byte)'"', (byte)'}' };
        exchange = exchange with { Response = exchange.Response with { Body = new RecordedBody(bytes) } };
        var v = Single(Verify(exchange));
        Assert.Equal(ViolationKind.MalformedJson, v.Kind);
        Assert.Equal("invalid UTF-8 at byte 10", v.Actual);
    }

    [Fact]
    public void MissingLabelIsReportedAtItsPointer()
    {
        var body = Bodies.ValidSegments().Replace("\"label\":\"wall\",", "");
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.MissingField, v.Kind);
        Assert.Equal("/1/label", v.Pointer);
    }

    [Fact]
    public void ScoreAsAStringIsAWrongTypeReportedOnce()
    {
        var body = Bodies.ValidSegments().Replace("\"score\":0.98", "\"score\":\"0.98\"");
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.WrongType, v.Kind);
        Assert.Equal("/0/score", v.Pointer);
        Assert.Contains("number", v.Expected);
        Assert.Equal("\"0.98\"", v.Actual);
    }

    [Fact]
    public void ScoreAboveOneIsOutOfRange()
    {
        var body = Bodies.ValidSegments().Replace("\"score\":0.98", "\"score\":1.7");
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.OutOfRange, v.Kind);
        Assert.Equal("/0/score", v.Pointer);
        Assert.Equal("at most 1", v.Expected);
        Assert.Equal("1.7", v.Actual);
    }

    [Fact]
    public void MaskThatIsNotBase64IsAnInvalidMask()
    {
        var body = "[{\"label\":\"cat\",\"score\":0.5,\"mask\":\"not base64 at all!\"}]";
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.InvalidMask, v.Kind);
        Assert.Equal("/0/mask", v.Pointer);
        Assert.Equal("base64 text", v.Expected);
    }

    [Fact]
    public void MaskThatIsNotAPngIsAnInvalidMask()
    {
        var body = "[{\"label\":\"cat\",\"score\":0.5,\"mask\":\"" + System.Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("GIF89a, not a PNG")) + "\"}]";
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.InvalidMask, v.Kind);
        Assert.Equal("/0/mask", v.Pointer);
        Assert.Equal("a PNG mask", v.Expected);
    }

    [Fact]
    public void TruncatedJsonIsMalformed()
    {
        var body = Bodies.ValidSegments();
        var v = Single(Verify(Bodies.Exchange(200, body[..(body.Length / 2)])));
        Assert.Equal(ViolationKind.MalformedJson, v.Kind);
        Assert.Equal("", v.Pointer);
    }

    [Fact]
    public void WrongContentTypeIsReported()
    {
        var v = Single(Verify(Bodies.Exchange(200, Bodies.ValidSegments(), "text/html")));
        Assert.Equal(ViolationKind.WrongContentType, v.Kind);
        Assert.Equal("application/json", v.Expected);
        Assert.Equal("text/html", v.Actual);
    }

    [Fact]
    public void UndocumentedStatusIsReported()
    {
        var v = Single(Verify(Bodies.Exchange(418, "{\"error\":\"teapot\"}")));
        Assert.Equal(ViolationKind.UndocumentedStatus, v.Kind);
        Assert.Equal("418", v.Actual);
    }

    [Fact]
    public void NullLabelIsAnUnexpectedNull()
    {
        var body = Bodies.ValidSegments().Replace("\"label\":\"cat\"", "\"label\":null");
        var v = Single(Verify(Bodies.Exchange(200, body)));
        Assert.Equal(ViolationKind.UnexpectedNull, v.Kind);
        Assert.Equal("/0/label", v.Pointer);
    }

    [Fact]
    public void ErrorBodyWithoutItsMessageFieldIsReported()
    {
        var v = Single(Verify(Bodies.Exchange(400, "{\"detail\":\"bad\"}")));
        Assert.Equal(ViolationKind.MissingField, v.Kind);
        Assert.Equal("/error", v.Pointer);
    }

    [Fact]
    public void EveryViolationOfOneExchangeIsListedAndTheJsonReportCarriesThem()
    {
        var body = "[{\"score\":2,\"mask\":\"@@@\"},{\"label\":5,\"score\":-1,\"mask\":\"" + Bodies.MaskBase64() + "\"}]";
        var report = Verify(Bodies.Exchange(200, body));
        var found = report.Violations.Select(v => (v.Kind, v.Pointer)).OrderBy(x => x.Pointer).ToList();
        Assert.Equal(new[]
        {
            (ViolationKind.MissingField, "/0/label"),
            (ViolationKind.InvalidMask, "/0/mask"),
            (ViolationKind.OutOfRange, "/0/score"),
            (ViolationKind.WrongType, "/1/label"),
            (ViolationKind.OutOfRange, "/1/score"),
        }.OrderBy(x => x.Item2), found);
        var json = report.ToJson();
        Assert.Contains("\"kind\": \"out-of-range\"", json);
        Assert.Contains("\"pointer\": \"/1/score\"", json);
        Assert.Contains("\"clean\": false", json);
    }

    [Fact]
    public void AValueOfTheWrongShapeIsOneFaultNotAlsoItsMissingFields()
    {
        // A string where an object should be: the object's required fields do not apply to it (JSON Schema's rule).
        var v = Single(Verify(Bodies.Exchange(200, "[\"cat\"]")));
        Assert.Equal(ViolationKind.WrongType, v.Kind);
        Assert.Equal("/0", v.Pointer);
    }

    [Fact]
    public void AWholeNumberWrittenWithAFractionIsAnIntegerToTheSchema()
    {
        var schema = new SchemaValidator("""{"type":"object","properties":{"n":{"type":"integer","minimum":0}}}""");
        using var whole = System.Text.Json.JsonDocument.Parse("""{"n":1.0}""");
        Assert.Empty(schema.Validate(whole.RootElement));
        using var fraction = System.Text.Json.JsonDocument.Parse("""{"n":1.5}""");
        Assert.Equal("/n", Assert.Single(schema.Validate(fraction.RootElement)).Pointer);
        Assert.Throws<System.NotSupportedException>(() => new SchemaValidator("""{"type":"string","pattern":"^a"}"""));
    }

    [Fact]
    public void AStreamWhereTheSpecDocumentsNoneIsAWrongContentTypeNotMalformedJson()
    {
        var stream = "data: {\"label\":\"cat\"}\n\ndata: [DONE]\n\n";
        var v = Single(Verify(Bodies.Exchange(200, stream, "text/event-stream")));
        Assert.Equal(ViolationKind.WrongContentType, v.Kind);
        Assert.Contains("no streamed answer", v.Actual);
    }

    [Fact]
    public void ABodyLargerThanTheClientReadsIsTooLargeAndNotParsed()
    {
        var limits = new Toolkit.Runtime.Transport.TransportLimits { MaxResponseBytes = 1024, MaxErrorResponseBytes = 64 };
        var verifier = new ContractVerifier(new[] { ImageSegmentationContract.Instance }, limits: limits);
        var big = "[" + string.Join(",", Enumerable.Repeat("{\"label\":\"cat\",\"score\":1.5}", 100)) + "]";
        var v = Assert.Single(verifier.Verify(Bodies.Cassette(Bodies.Exchange(200, big)), "big.json").Violations);
        Assert.Equal(ViolationKind.TooLarge, v.Kind);
        Assert.Equal("too-large", v.KindName);
        var error = Assert.Single(verifier.Verify(Bodies.Cassette(Bodies.Exchange(503, "{\"error\":\"" + new string('x', 100) + "\"}")), "e.json").Violations);
        Assert.Contains("MaxErrorResponseBytes", error.Expected);
    }
}
