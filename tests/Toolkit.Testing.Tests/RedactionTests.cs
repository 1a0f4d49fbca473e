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
}
