using System;
using System.Text;
using HuggingFace.Inference;
using Toolkit.Runtime.Json;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>Paths are spelled out only on error, from a per-thread table of steps: they must still be exact.</summary>
public sealed class JsonPathTests
{
    [Fact]
    public void APathSpellsOutItsStepsFromTheRoot()
    {
        JsonPath root = "$";
        Assert.Equal("$", root.ToString());
        Assert.Equal("$.choices[12].delta", root.Member("choices").Index(12).Member("delta").ToString());
        Assert.Equal("/events/3.a", ((JsonPath)"/events/3").Member("a").ToString());
        Assert.Equal("$.choices[12].finish_reason", root.Member("choices").Index(12).ToString("finish_reason"));
        Assert.Equal("$.model", root.ToString("model"));
    }

    [Fact]
    public void SiblingsReuseASlotWithoutChangingTheParentsPath()
    {
        JsonPath root = "$";
        var list = root.Member("items");
        var first = list.Index(0).Member("x");
        Assert.Equal("$.items[0].x", first.ToString());
        var second = list.Index(1);
        Assert.Equal("$.items[1]", second.ToString());
        Assert.Equal("$.items", list.ToString());
        Assert.Equal("$.items[1].y", second.Member("y").ToString());
    }

    [Fact]
    public void APathKeptPastItsDocumentSaysSoInsteadOfNamingAnotherPlace()
    {
        JsonPath root = "$";
        var old = root.Member("a").Index(0);
        _ = root.Member("b").Index(5); // a new walk from the top reuses the table
        Assert.Equal("$(path no longer available)", old.ToString());
    }

    [Fact]
    public void PathsDeeperThanTheFirstTableGrowIt()
    {
        JsonPath path = "$";
        var expected = new StringBuilder("$");
        for (var i = 0; i < 40; i++)
        {
            path = path.Member("m" + i).Index(i);
            expected.Append(".m").Append(i).Append('[').Append(i).Append(']');
        }
        Assert.Equal(expected.ToString(), path.ToString());
    }

    [Theory]
    // An error after siblings with nested objects were read: the path names the right item and member.
    [InlineData("""{"object":"chat.completion.chunk","id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"a"},"finish_reason":null},{"index":1,"delta":{"role":"assistant","content":7},"finish_reason":null}]}""", "$.choices[1].delta.content")]
    [InlineData("""{"object":"chat.completion.chunk","id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"a"},"finish_reason":null},{"index":"1","delta":{"role":"assistant","content":"b"}}]}""", "$.choices[1].index")]
    [InlineData("""{"object":"chat.completion.chunk","id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":"x"}}""", "$.usage.prompt_tokens")]
    public void AGeneratedReaderNamesTheExactPathOfABadValue(string json, string path)
    {
        var error = Assert.Throws<JsonPayloadException>(() => HfInferenceSerializer.DeserializeChatCompletionEvent(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, error.Path);
    }
}
