using System;
using System.IO;
using System.Linq;
using System.Text;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Testing.Tests;

public class CassetteFileTests
{
    private static Cassette RoundTrip(Cassette cassette) => CassetteFile.Read(CassetteFile.Write(cassette));

    [Theory]
    [InlineData("{\"inputs\":\"abc\",\"parameters\":{\"threshold\":0.5}}", "\"json\"")]
    [InlineData("{\"inputs\": \"abc\", \"n\": 1.50}", "\"text\"")] // Python's separators: kept byte for byte as text
    [InlineData("[{\"label\":\"caf\\u00e9\"}]", "\"text\"")] // an escape that re-serialisation would change
    public void JsonBodiesKeepEveryByte(string body, string storedAs)
    {
        var cassette = Bodies.Cassette(Bodies.Exchange(200, body));
        var bytes = CassetteFile.Write(cassette);
        var text = Encoding.UTF8.GetString(bytes);
        Assert.Contains(storedAs + ":", text);
        var back = CassetteFile.Read(bytes);
        Assert.Equal(body, Encoding.UTF8.GetString(back.Exchanges[0].Response.Body!.Bytes.Span));
    }

    [Fact]
    public void BinaryBodiesAreBase64WithTheirHash()
    {
        var cassette = Bodies.Cassette(Bodies.Exchange(200, null));
        var text = Encoding.UTF8.GetString(CassetteFile.Write(cassette));
        Assert.Contains("\"base64\": \"iVBORwABAg==\"", text);
        Assert.Contains("\"sha256\":", text);
        var back = RoundTrip(cassette);
        Assert.Equal(cassette.Exchanges[0].Request.Body!.Bytes.ToArray(), back.Exchanges[0].Request.Body!.Bytes.ToArray());
        Assert.Null(back.Exchanges[0].Response.Body);
    }

    [Fact]
    public void InlineJsonIsReadableAndKeyOrderIsStable()
    {
        var exchange = Bodies.Exchange(200, Bodies.ValidSegments()) with { };
        var response = exchange.Response with { Headers = Bodies.Headers(("x-sha", "1"), ("Content-Type", "application/json"), ("date", "today")) };
        var cassette = Bodies.Cassette(exchange with { Response = response });
        cassette.Spec = new CassetteSpec("image-segmentation", "1.0.0", "abc");
        cassette.Recorded = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var first = CassetteFile.Write(cassette);
        var second = CassetteFile.Write(RoundTrip(cassette));
        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
        var text = Encoding.UTF8.GetString(first);
        Assert.True(text.IndexOf("\"Content-Type\"", StringComparison.Ordinal) < text.IndexOf("\"date\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"date\"", StringComparison.Ordinal) < text.IndexOf("\"x-sha\"", StringComparison.Ordinal));
        Assert.Contains("\"label\": \"cat\"", text);
        Assert.StartsWith("{\n  \"format\": \"toolkit-cassette\",\n  \"formatVersion\": 1,\n  \"spec\": {", text);
        Assert.Contains("\"recorded\": \"2026-11-23T12:00:00Z\"", text);
    }

    [Fact]
    public void EditedBinaryBodyIsRefusedByItsHash()
    {
        var text = Encoding.UTF8.GetString(CassetteFile.Write(Bodies.Cassette(Bodies.Exchange(200, null))));
        var tampered = text.Replace("iVBORwABAg==", "iVBORwABAw==");
        var e = Assert.Throws<CassetteFormatException>(() => CassetteFile.Read(Encoding.UTF8.GetBytes(tampered), "tampered.json"));
        Assert.Equal("$.exchanges[0].request.body.sha256", e.Path);
        Assert.Contains("tampered.json", e.Message);
    }

    [Theory]
    [InlineData("not json", "$")]
    [InlineData("{\"format\":\"other\"}", "$.format")]
    [InlineData("{\"format\":\"toolkit-cassette\",\"formatVersion\":9,\"exchanges\":[]}", "$.formatVersion")]
    [InlineData("{\"format\":\"toolkit-cassette\",\"formatVersion\":1,\"exchanges\":[{\"request\":{}}]}", "$.exchanges[0].response")]
    [InlineData("{\"format\":\"toolkit-cassette\",\"formatVersion\":1,\"exchanges\":[{\"request\":{\"method\":\"GET\",\"url\":\"u\"},\"response\":{\"status\":\"200\"}}]}", "$.exchanges[0].response.status")]
    public void MalformedCassettesAreTypedErrors(string json, string path)
    {
        var e = Assert.Throws<CassetteFormatException>(() => CassetteFile.Read(Encoding.UTF8.GetBytes(json), "c.json"));
        Assert.Equal(path, e.Path);
    }

    [Fact]
    public void SaveWritesAtomicallyAndLoadReadsBack()
    {
        var dir = Directory.CreateTempSubdirectory("toolkit-cassette-");
        try
        {
            var path = Path.Combine(dir.FullName, "nested", "c.json");
            CassetteFile.Save(Bodies.Cassette(Bodies.Exchange(200, Bodies.ValidSegments())), path);
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
            Assert.Equal(200, CassetteFile.Load(path).Exchanges.Single().Response.Status);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
