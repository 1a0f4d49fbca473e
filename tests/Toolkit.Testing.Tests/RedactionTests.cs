using System.IO;
using System.Linq;
using System.Text;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Redaction;
using Toolkit.Testing.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Testing.Tests;

public class RedactionTests
{
    private const string Token = "hf_AbCdEf0123456789ZyXwVu";

    private static Cassette Secretive()
    {
        var request = new RecordedRequest(
            "POST",
            "https://example.test/models/m?api_key=k3y&access_token=" + Token,
            Bodies.Headers(("Authorization", "Bearer " + Token), ("Cookie", "session=abc"), ("X-Api-Key", "plain-secret"), ("X-Note", "see " + Token)),
            RecordedBody.FromText("{\"inputs\":\"x\",\"password\":\"p4ss\",\"nested\":[{\"token\":\"" + Token + "\"}]}"));
        var response = new RecordedResponse(
            200,
            Bodies.Headers(("Content-Type", "text/plain"), ("Set-Cookie", "id=1")),
            RecordedBody.FromText("your token is " + Token));
        return Bodies.Cassette(new RecordedExchange(request, response));
    }

    [Fact]
    public void NoSecretReachesTheFile()
    {
        var options = new RedactionOptions();
        options.Headers.Add("x-api-key");
        options.JsonFields.Add("password");
        options.QueryParameters.Add("api_key");
        var dir = Directory.CreateTempSubdirectory("toolkit-redaction-");
        try
        {
            var path = Path.Combine(dir.FullName, "c.json");
            CassetteFile.Save(Secretive(), path, options);
            var text = File.ReadAllText(path);
            foreach (var secret in new[] { Token, "hf_", "abc", "plain-secret", "p4ss", "k3y", "id=1" })
            {
                Assert.DoesNotContain(secret, text);
            }
            Assert.Contains("<redacted>", text);
            // What is not secret stays.
            Assert.Contains("\"inputs\": \"x\"", text);
            Assert.Contains("https://example.test/models/m?api_key=", text);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void AlwaysRedactedEvenWithoutOptions()
    {
        var text = Encoding.UTF8.GetString(CassetteFile.Write(Secretive()));
        Assert.DoesNotContain(Token, text);
        Assert.DoesNotContain("session=abc", text);
        Assert.Contains("plain-secret", text); // not named, not token-shaped: kept
    }

    [Fact]
    public void ExchangesWithoutSecretsAreUnchangedToTheByte()
    {
        var exchange = Bodies.Exchange(200, "{\"a\": 1,  \"b\":\"hf-inference\"}");
        var redacted = new Redactor().Redact(exchange);
        Assert.Equal(exchange.Response.Body!.Bytes.ToArray(), redacted.Response.Body!.Bytes.ToArray());
        Assert.Equal(exchange.Request.Body!.Bytes.ToArray(), redacted.Request.Body!.Bytes.ToArray());
    }

    [Theory]
    [InlineData("hf_abc123", "<redacted>")]
    [InlineData("Bearer hf_XYZ", "Bearer <redacted>")]
    [InlineData("router.huggingface.co/hf-inference", "router.huggingface.co/hf-inference")]
    [InlineData("shelf_life", "shelf_life")]
    public void TokenShapes(string input, string expected) => Assert.Equal(expected, Redactor.ScrubTokens(input));
    private static RecordedExchange Exchange(RecordedBody body, params (string, string)[] responseHeaders)
        => new(new RecordedRequest("POST", "https://example.test/models/m", Bodies.Headers(("Authorization", "Bearer opaque-Secret-42")), null),
            new RecordedResponse(500, Bodies.Headers(responseHeaders), body));

    [Fact]
    public void BodiesThatAreNotTextAreScrubbedByteForByte()
    {
        var bytes = new byte[] { 0xff, 0x00 }.Concat(Encoding.ASCII.GetBytes(Token + " and opaque-Secret-42")).Concat(new byte[] { 0xfe }).ToArray();
        var redacted = new Redactor().Redact(Exchange(new RecordedBody(bytes)));
        var text = Encoding.Latin1.GetString(redacted.Response.Body!.Bytes.Span);
        Assert.DoesNotContain(Token, text);
        Assert.DoesNotContain("opaque-Secret-42", text); // the request's own credential, though not token-shaped
        Assert.Equal(new byte[] { 0xff, 0x00 }, redacted.Response.Body.Bytes.Span[..2].ToArray()); // other bytes stay as they were
    }

    [Fact]
    public void GzipBodiesAreDecodedThenScrubbed()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"error\":\"echo " + Token + "\"}"));
        }
        var redacted = new Redactor().Redact(Exchange(new RecordedBody(buffer.ToArray()), ("Content-Encoding", "gzip"), ("Content-Type", "application/json")));
        Assert.Equal("{\"error\":\"echo <redacted>\"}", Encoding.UTF8.GetString(redacted.Response.Body!.Bytes.Span));
        Assert.False(redacted.Response.Headers.ContainsKey("Content-Encoding"));
    }

    [Fact]
    public void AnEncodingThatCannotBeUndoneIsRefused()
    {
        var error = Assert.Throws<RedactionException>(() => new Redactor().Redact(Exchange(new RecordedBody(new byte[] { 1, 2, 3 }), ("Content-Encoding", "zstd"))));
        Assert.Contains("zstd", error.Message);
    }

    [Fact]
    public void UrlEncodedTokensAreScrubbed()
    {
        var encoded = "hf%5F" + Token[3..];
        var request = new RecordedRequest("GET", "https://example.test/x?t=" + encoded, Bodies.Headers(("X-Note", encoded)), RecordedBody.FromText("token=" + encoded));
        var redacted = new Redactor().Redact(request);
        Assert.DoesNotContain(Token[3..], redacted.Url + string.Concat(redacted.Headers.Values) + Encoding.UTF8.GetString(redacted.Body!.Bytes.Span));
    }
}
