using System.Text;
using System.Text.Json;
using Toolkit.Runtime.Json;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>How unions of objects pick their variant: the tag or marker property, read from a copy of the reader.</summary>
public sealed class JsonPeekTests
{
    private static Utf8JsonReader At(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }

    [Fact]
    public void TheTagIsFoundAfterNestedValuesAndTheReaderStaysWhereItWas()
    {
        var reader = At("""{"a":{"kind":"inner"},"b":[{"kind":"x"}],"kind":"dog","c":1}""");
        Assert.Equal("dog", JsonReading.PeekTag(reader, "$", "kind", "one of \"cat\", \"dog\""));
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        Assert.Equal(0, reader.CurrentDepth);
    }

    [Theory]
    [InlineData("""{"name":"Nemo"}""", "$.kind", "an object without it")]
    [InlineData("""{"kind":3}""", "$.kind", "the number 3")]
    public void AMissingOrWrongTagIsAnErrorNamingWhere(string json, string path, string found)
    {
        var e = Assert.Throws<JsonPayloadException>(() => JsonReading.PeekTag(At(json), "$", "kind", "one of \"cat\", \"dog\""));
        Assert.Contains(path, e.Message);
        Assert.Contains(found, e.Message);
    }

    [Fact]
    public void TheFirstMarkerInTheObjectDecidesAndNestedOnesDoNot()
    {
        Assert.Equal(1, JsonReading.PeekMarker(At("""{"nested":{"radius":1},"side":2,"radius":3}"""), "$", "radius", "side"));
        Assert.Equal(-1, JsonReading.PeekMarker(At("""{"nested":{"radius":1}}"""), "$", "radius", "side"));
        Assert.Equal(-1, JsonReading.PeekMarker(At("{}"), "$", "radius"));
    }
}
