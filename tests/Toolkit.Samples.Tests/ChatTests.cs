using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HuggingFace.Inference;
using SegmentationStandIn;
using Xunit;

namespace Toolkit.Samples.Tests;

/// <summary>Streaming over a real socket: the stand-in's chat completion through the generated ChatCompletionStreamAsync, and the Chat sample (on the router's route).</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class ChatTests
{
    private static ChatCompletionRequest Request(string prompt) => new()
    {
        Messages = new[] { new ChatCompletionInputMessage { Role = "user", Content = prompt } },
    };

    [Fact]
    public async Task WordsArriveAsTheyAreProduced()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new HfInferenceClient(http, new HfInferenceClientOptions { BaseAddress = server.BaseAddress });
        var words = ChatStandIn.Answer("tell me more");
        var text = "";
        var firstSeenWhenProduced = -1;
        var before = ChatStandIn.Produced;
        await foreach (var chunk in client.ChatCompletionStreamAsync("stand-in/chat", Request("tell me more")))
        {
            if (firstSeenWhenProduced < 0) firstSeenWhenProduced = ChatStandIn.Produced - before;
            text += chunk.Choices[0].Delta.AsTextMessage?.Content;
        }
        Assert.Equal(string.Join(' ', words), text);
        // The first word was read while the stand-in had produced only a few of the words: streamed, not buffered.
        Assert.InRange(firstSeenWhenProduced, 1, words.Length - 5);

        // The whole form answers the same text at once.
        var whole = await client.ChatCompletionAsync("stand-in/chat", Request("tell me more"));
        Assert.Equal(text, whole.Choices[0].Message.AsTextMessage!.Content);
    }

    [Fact]
    public async Task TextGenerationStreamsTokensAndTheWholeFormAnswersAsTheServiceDoes()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new HfInferenceClient(http, new HfInferenceClientOptions { BaseAddress = server.BaseAddress });
        var request = new TextGenerationRequest { Inputs = "once upon a time", Parameters = new TextGenerationInputGenerateParameters { MaxNewTokens = 50 } };
        var tokens = "";
        string? whole = null;
        await foreach (var e in client.TextGenerationStreamAsync("stand-in/tgi", request))
        {
            tokens += e.Token.Text;
            whole = e.GeneratedText ?? whole;
        }
        var expected = string.Join(' ', ChatStandIn.Answer("once upon a time"));
        Assert.Equal(expected, tokens);
        Assert.Equal(expected, whole);
        var answered = await client.TextGenerationAsync("stand-in/tgi", request);
        Assert.Equal(expected, answered.GeneratedText);
    }

    [Fact]
    public async Task BreakingOutAfterThreeWordsClosesTheConnection()
    {
        await using var server = await StandInServer.StartAsync();
        using var http = new HttpClient();
        var client = new HfInferenceClient(http, new HfInferenceClientOptions { BaseAddress = server.BaseAddress });
        var abandoned = ChatStandIn.Abandoned;
        var read = 0;
        await foreach (var _ in client.ChatCompletionStreamAsync("stand-in/chat", Request(string.Join(' ', Enumerable.Repeat("word", 200)))))
        {
            if (++read == 3) break;
        }
        // The stand-in sees the client go away and stops producing.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (ChatStandIn.Abandoned == abandoned) await Task.Delay(20, deadline.Token);
        Assert.Equal(abandoned + 1, ChatStandIn.Abandoned);
    }

    [Fact]
    public async Task TheSamplePrintsTheStandInsAnswerWordByWord()
    {
        var entry = typeof(Chat.ChatMarker).Assembly.EntryPoint!;
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Console.SetOut(stdout);
        Console.SetError(stderr);
        int code;
        try
        {
            var result = entry.Invoke(null, new object[] { new[] { "Hello there", "--local" } });
            code = result is Task<int> task ? await task : (int)result!;
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
        Assert.True(code == 0, stderr.ToString());
        var output = stdout.ToString();
        Assert.Contains("not a model", output);
        Assert.Contains(string.Join(' ', ChatStandIn.Answer("Hello there")), output);
        Assert.Contains($"({ChatStandIn.Answer("Hello there").Length} chunks from openai/gpt-oss-120b)", output);
        Assert.Contains("openai/gpt-oss-120b on the local stand-in", output);
    }
}
