using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Acme.Integers;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Runtime.Validation;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// The integer policy (Specs/integers.json): the width comes from the format (int32 int, int64 and uint32 long, uint64
/// ulong, none long); every integer of the range is read as sent, and one outside it, or a fraction, is a
/// <see cref="JsonPayloadException"/> naming the path and the range: never a wrap, never a crash.
/// </summary>
public sealed class IntegerPolicyTests
{
    private static Counts Read(string json) => IntegerApiSerializer.DeserializeCountResponse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void TheCSharpTypeComesFromTheFormat()
    {
        var counts = typeof(Counts);
        Assert.Equal(typeof(int?), counts.GetProperty(nameof(Counts.Small))!.PropertyType);
        Assert.Equal(typeof(long?), counts.GetProperty(nameof(Counts.Plain))!.PropertyType);
        Assert.Equal(typeof(long?), counts.GetProperty(nameof(Counts.Wide))!.PropertyType);
        Assert.Equal(typeof(long?), counts.GetProperty(nameof(Counts.Unsigned))!.PropertyType);
        Assert.Equal(typeof(ulong?), counts.GetProperty(nameof(Counts.Seed))!.PropertyType);
        Assert.Equal(typeof(System.Collections.Generic.IReadOnlyList<ulong>), counts.GetProperty(nameof(Counts.Seeds))!.PropertyType);
    }

    [Fact]
    public void EveryIntegerOfEachRangeIsReadAsSent()
    {
        var low = Read("""{"small":-2147483648,"plain":-9223372036854775808,"wide":-9223372036854775808,"unsigned":0,"seed":0,"seeds":[0],"created":0}""");
        Assert.Equal((int.MinValue, long.MinValue, long.MinValue, 0L, 0UL), (low.Small, low.Plain, low.Wide, low.Unsigned, low.Seed));
        var high = Read("""{"small":2147483647,"plain":9223372036854775807,"wide":9223372036854775807,"unsigned":4294967295,"seed":18446744073709551615,"seeds":[9223372036854775808,18446744073709551615],"created":4102444800}""");
        Assert.Equal((int.MaxValue, long.MaxValue, long.MaxValue, 4294967295L, ulong.MaxValue), (high.Small, high.Plain, high.Wide, high.Unsigned, high.Seed));
        Assert.Equal(new[] { 9223372036854775808UL, ulong.MaxValue }, high.Seeds);
        Assert.Equal(4102444800L, high.Created); // 2100-01-01: a Unix time past 2038 is a long
        Assert.Null(Read("""{"seed":null}""").Seed);

        // And written back as the same digits.
        var written = Encoding.UTF8.GetString(IntegerApiSerializer.SerializeCountResponse(high));
        Assert.Contains("\"seed\":18446744073709551615", written);
        Assert.Contains("\"unsigned\":4294967295", written);
    }

    [Theory]
    [InlineData("""{"small":2147483648}""", "$.small", "an integer from -2147483648 to 2147483647", "the number 2147483648")]
    [InlineData("""{"small":-2147483649}""", "$.small", "an integer from -2147483648 to 2147483647", "the number -2147483649")]
    [InlineData("""{"plain":9223372036854775808}""", "$.plain", "an integer from -9223372036854775808 to 9223372036854775807", "the number 9223372036854775808")]
    [InlineData("""{"wide":-9223372036854775809}""", "$.wide", "an integer from -9223372036854775808 to 9223372036854775807", "the number -9223372036854775809")]
    [InlineData("""{"unsigned":4294967296}""", "$.unsigned", "an integer from 0 to 4294967295", "the number 4294967296")]
    [InlineData("""{"unsigned":-1}""", "$.unsigned", "an integer from 0 to 4294967295", "the number -1")]
    [InlineData("""{"seed":18446744073709551616}""", "$.seed", "an integer from 0 to 18446744073709551615", "the number 18446744073709551616")]
    [InlineData("""{"seed":-1}""", "$.seed", "an integer from 0 to 18446744073709551615", "the number -1")]
    [InlineData("""{"seeds":[1,2,1e400]}""", "$.seeds[2]", "an integer from 0 to 18446744073709551615", "the number 1e400")]
    [InlineData("""{"small":1.5}""", "$.small", "an integer from -2147483648 to 2147483647", "the number 1.5")]
    [InlineData("""{"created":1742555982.25}""", "$.created", "an integer from -9223372036854775808 to 9223372036854775807", "the number 1742555982.25")]
    [InlineData("""{"seed":"42"}""", "$.seed", "an integer from 0 to 18446744073709551615", "the string \"42\"")]
    public void ANumberOutsideTheRangeOrAFractionIsATypedErrorNamingThePathAndTheRange(string json, string path, string expected, string actual)
    {
        var error = Assert.Throws<JsonPayloadException>(() => Read(json));
        Assert.Equal(path, error.Path);
        Assert.Equal(expected, error.Expected);
        Assert.Equal(actual, error.Actual);
    }

    [Fact]
    public async Task TheClientSendsEveryWidthAndValidatesTheRangeItsTypeDoesNotHold()
    {
        var handler = new ScriptedHandler(_ => Responses.Json("""{"seed":18446744073709551615}"""));
        var client = new IntegerApiClient(handler, new IntegerApiClientOptions());
        var answer = await client.CountAsync(new CountRequest { Counts = new Counts { Seed = ulong.MaxValue, Unsigned = 4294967295, Created = 4102444800, Limit = 1 } }, page: ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, answer.Seed);
        var sent = Assert.Single(handler.Requests);
        Assert.EndsWith("?page=18446744073709551615", sent.Uri.ToString());
        Assert.Equal("""{"counts":{"unsigned":4294967295,"seed":18446744073709551615,"created":4102444800,"limit":1}}""", Encoding.UTF8.GetString(sent.Body));

        // A long that holds a uint32 is checked against the uint32 range; declared bounds are checked as integers.
        var errors = IntegerApiValidator.ValidateCountRequest(new CountRequest { Counts = new Counts { Unsigned = 4294967296, Created = -1, Limit = 0 } });
        Assert.Equal(new[] { "$.counts.unsigned", "$.counts.created", "$.counts.limit" }, errors.Select(e => e.Path));
        Assert.Contains("between 0 and 4294967295, was 4294967296", errors[0].Message);
        Assert.Contains("at least 0, was -1", errors[1].Message);
        Assert.Contains("between 1 and 1000000, was 0", errors[2].Message);
        Assert.Empty(IntegerApiValidator.ValidateCountRequest(new CountRequest { Counts = new Counts { Unsigned = 0, Created = long.MaxValue, Limit = 1000000 } }));
        var above = Assert.Single(IntegerApiValidator.ValidateCountRequest(new CountRequest { Counts = new Counts { Limit = ulong.MaxValue } }));
        Assert.Equal(("$.counts.limit", "must be between 1 and 1000000, was 18446744073709551615"), (above.Path, above.Message));
    }
}
