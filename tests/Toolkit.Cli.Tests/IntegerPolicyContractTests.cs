using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Cli.Tests;

/// <summary>
/// The verifier and the client follow one integer policy: the contract's schema carries each integer's range, so an
/// answer the generated reader refuses (a seed above the format's range, a uint32 that is negative) is an
/// out-of-range violation at its pointer, and the largest value the format holds passes both.
/// </summary>
public sealed class IntegerPolicyContractTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("toolkit-integers-");

    public void Dispose() => _dir.Delete(recursive: true);

    private static string Spec => Path.Combine(SharedData.RepoRoot, "tests", "Toolkit.Runtime.Tests", "Specs", "integers.json");

    private string Exchange(string body)
    {
        var path = Path.Combine(_dir.FullName, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, JsonSerializer.Serialize(new
        {
            source = "test",
            exchanges = new[]
            {
                new
                {
                    request = new { method = "POST", url = "http://localhost:8080/counts", headers = new { }, body = new { encoding = "utf8", text = "{\"counts\":{}}" } },
                    response = new { status = 200, headers = new System.Collections.Generic.Dictionary<string, string> { ["Content-Type"] = "application/json" }, body = new { encoding = "utf8", text = body } },
                },
            },
        }));
        return path;
    }

    [Theory]
    [InlineData("""{"seed":18446744073709551616}""", "/seed", "at most 18446744073709551615")]
    [InlineData("""{"unsigned":-1}""", "/unsigned", "at least 0")]
    [InlineData("""{"seeds":[1,18446744073709551616]}""", "/seeds/1", "at most 18446744073709551615")]
    [InlineData("""{"small":2147483648}""", "/small", "at most 2147483647")]
    [InlineData("""{"plain":9223372036854775808}""", "/plain", "at most 9223372036854775807")]
    public void AnIntegerTheReaderRefusesIsOutOfRangeForTheVerifierToo(string body, string pointer, string expected)
    {
        var file = Exchange(body);
        var (exit, output, error) = CliRunner.Run("verify", "--spec", Spec, "--json", file);
        Assert.True(exit == ExitCodes.ProblemsFound, output + error);
        using var report = JsonDocument.Parse(output);
        var violation = report.RootElement.GetProperty("violations").EnumerateArray().First(v => v.GetProperty("kind").GetString() == "out-of-range");
        Assert.Equal(pointer, violation.GetProperty("pointer").GetString());
        Assert.Equal(expected, violation.GetProperty("expected").GetString());

        var replay = CliRunner.Run("replay", "--spec", Spec, "--json", file);
        Assert.Equal(ExitCodes.ProblemsFound, replay.Exit);
        Assert.Contains("JsonPayloadException", replay.Output);
        Assert.Contains("$" + System.Text.RegularExpressions.Regex.Replace(pointer, "/([0-9]+)", "[$1]").Replace('/', '.'), replay.Output);
    }

    [Fact]
    public void TheLargestValueOfEachFormatPassesBoth()
    {
        var file = Exchange("""{"small":2147483647,"plain":9223372036854775807,"wide":-9223372036854775808,"unsigned":4294967295,"seed":18446744073709551615,"seeds":[18446744073709551615],"created":4102444800}""");
        var (exit, output, error) = CliRunner.Run("verify", "--spec", Spec, file);
        Assert.True(exit == 0, output + error);
        var replay = CliRunner.Run("replay", "--spec", Spec, "--json", file);
        Assert.True(replay.Exit == 0, replay.Output + replay.Error);
        Assert.Contains("\"seed\":18446744073709551615", replay.Output);
    }
}
