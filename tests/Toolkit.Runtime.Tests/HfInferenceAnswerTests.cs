using System.Linq;
using System.Text;
using System.Threading.Tasks;
using HuggingFace.Inference;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Tests.Infrastructure;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// Answers nobody recorded for us, in the forms the reference clients parse (huggingface_hub's InferenceClient,
/// huggingface.js's hf-inference provider: the overlay's source evidence), read by the generated client. Each body is
/// written here as the service sends it: the published schemas alone made the client throw on every one.
/// </summary>
public sealed class HfInferenceAnswerTests
{
    private static HfInferenceClient Answering(string json) => new(new ScriptedHandler(_ => Responses.Json(json)), new HfInferenceClientOptions { Token = "hf_AnswerTest1" });

    [Fact]
    public async Task DocumentQuestionAnsweringReadsAnAnswerWithoutScoreStartOrEnd()
    {
        var client = Answering("""[{"answer":"us-001"},{"answer":"us-002","score":0.5,"start":16,"end":16}]""");
        var answers = await client.DocumentQuestionAnsweringAsync("impira/layoutlm-document-qa",
            new DocumentQuestionAnsweringInputData { Image = new byte[] { 1, 2, 3 }, Question = "What is the invoice number?" });
        Assert.Equal(new[] { "us-001", "us-002" }, answers.Select(a => a.Answer));
        Assert.Null(answers[0].Score);
        Assert.Equal((0.5, 16L, 16L), (answers[1].Score!.Value, answers[1].Start!.Value, answers[1].End!.Value));
    }

    [Fact]
    public async Task ImageToTextReadsTheOneElementArray()
    {
        var caption = Assert.Single(await Answering("""[{"generated_text":"a cat standing in a grassy field "}]""").ImageToTextAsync("Salesforce/blip-image-captioning-base", new byte[] { 1 }));
        Assert.Equal("a cat standing in a grassy field ", caption.GeneratedText);
        // generated_text is required, as the schema meant ("generatedText" in its required list names no property).
        var error = await Assert.ThrowsAsync<JsonPayloadException>(() => Answering("""[{}]""").ImageToTextAsync("m", new byte[] { 1 }));
        Assert.Equal("$[0]", error.Path);
    }

    /// <summary>
    /// The tasks whose answer is a one-element array ("single" in the overlay) return the element; an empty array or
    /// two elements is the typed error at $, with the count: never the first of several, never an index error.
    /// </summary>
    [Theory]
    [InlineData("text-classification", """[{"label":"POSITIVE","score":0.9}]""")]
    [InlineData("summarization", """{"summary_text":"short"}""")]
    [InlineData("translation", """{"translation_text":"Hallo Welt"}""")]
    [InlineData("text-generation", """{"generated_text":"once"}""")]
    public async Task AOneElementAnswerIsItsElementAndAnotherCountIsATypedError(string task, string element)
    {
        async Task<object> Call(string json)
        {
            var client = Answering(json);
            return task switch
            {
                "text-classification" => await client.TextClassificationAsync("m", "I like you"),
                "summarization" => await client.SummarizationAsync("m", "a long text"),
                "translation" => await client.TranslationAsync("m", "Hello world"),
                _ => await client.TextGenerationAsync("m", "once upon a time"),
            };
        }

        var one = await Call("[" + element + "]");
        var written = task switch
        {
            "text-classification" => HfInferenceSerializer.SerializeTextClassificationResponse(new[] { (System.Collections.Generic.IReadOnlyList<ClassificationOutput>)one }),
            "summarization" => HfInferenceSerializer.SerializeSummarizationResponse(new[] { (SummarizationOutput)one }),
            "translation" => HfInferenceSerializer.SerializeTranslationResponse(new[] { (TranslationOutput)one }),
            _ => HfInferenceSerializer.SerializeTextGenerationResponse(new[] { (TextGenerationOutput)one }),
        };
        Assert.Equal("[" + element + "]", Encoding.UTF8.GetString(written));

        foreach (var (json, count) in new[] { ("[]", 0), ("[" + element + "," + element + "]", 2) })
        {
            var error = await Assert.ThrowsAsync<JsonPayloadException>(() => Call(json));
            Assert.Equal("$", error.Path);
            Assert.Equal("an array of exactly one element", error.Expected);
            Assert.Equal($"an array of {count} elements", error.Actual);
        }
    }

    [Fact]
    public async Task TextGenerationDetailsReadASeedAboveLongAndANullOne()
    {
        const string Details = "\"finish_reason\":\"length\",\"generated_tokens\":1,\"prefill\":[],\"tokens\":[{\"id\":3,\"text\":\" \",\"logprob\":-2.0078125,\"special\":false}]";
        var high = await Answering("[{\"generated_text\":\" \",\"details\":{" + Details + ",\"seed\":18446744073709551615}}]").TextGenerationAsync("google/flan-t5-xxl", "test");
        Assert.Equal(ulong.MaxValue, high.Details!.Seed);
        Assert.Equal(TextGenerationOutputFinishReason.Length, high.Details.FinishReason);
        var none = await Answering("[{\"generated_text\":\" \",\"details\":{" + Details + ",\"seed\":null}}]").TextGenerationAsync("google/flan-t5-xxl", "test");
        Assert.Null(none.Details!.Seed);
        // Beyond u64 is no seed TGI can send: a typed error naming the path and the range, never a wrap.
        var error = await Assert.ThrowsAsync<JsonPayloadException>(() => Answering("[{\"generated_text\":\" \",\"details\":{" + Details + ",\"seed\":18446744073709551616}}]").TextGenerationAsync("m", "test"));
        Assert.Equal("$[0].details.seed", error.Path);
        Assert.Equal("an integer from 0 to 18446744073709551615", error.Expected);
        // And the seed the caller sends may be any u64.
        var handler = new ScriptedHandler(_ => Responses.Json("[{\"generated_text\":\"\"}]"));
        await new HfInferenceClient(handler, new HfInferenceClientOptions()).TextGenerationAsync("m", "test", new TextGenerationInputGenerateParameters { Seed = ulong.MaxValue });
        Assert.Contains("\"seed\":18446744073709551615", Encoding.UTF8.GetString(Assert.Single(handler.Requests).Body));
    }

    [Fact]
    public async Task ChatCompletionReadsACreatedTimeAfter2038()
    {
        var chat = await Answering("""{"object":"chat.completion","id":"","created":4102444800,"model":"m","system_fingerprint":"3.2.1-native","choices":[{"index":0,"message":{"role":"assistant","content":"Hi."},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""")
            .ChatCompletionAsync("m", new ChatCompletionInputMessage[] { new() { Role = "user", Content = "Hello" } });
        Assert.Equal(4102444800L, chat.Created); // 2100-01-01, beyond int's 2038
        Assert.Equal("Hi.", chat.Choices[0].Message.AsTextMessage!.Content);
        var chunk = HfInferenceSerializer.DeserializeChatCompletionEvent(Encoding.UTF8.GetBytes("""{"id":"","created":4102444800,"model":"m","system_fingerprint":"f","choices":[{"index":0,"delta":{"role":"assistant","content":"a"},"finish_reason":null}]}"""));
        Assert.Equal(4102444800L, chunk.Created);
    }

    [Fact]
    public async Task ChatCompletionReadsAToolCallMessage()
    {
        var chat = await Answering("""{"id":"","created":1,"model":"m","system_fingerprint":"f","choices":[{"index":0,"message":{"role":"assistant","tool_calls":[{"id":"0","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2,"total_tokens":3}}""")
            .ChatCompletionAsync("m", new ChatCompletionInputMessage[] { new() { Role = "user", Content = "Weather in Paris?" } });
        var call = Assert.Single(chat.Choices[0].Message.AsToolCallMessage!.ToolCalls);
        Assert.Equal(("get_weather", "{\"city\":\"Paris\"}"), (call.Function.Name, call.Function.Arguments));
        Assert.Null(chat.Choices[0].Message.AsTextMessage);
    }

    [Theory]
    [InlineData("""{"answer":"Clara","score":0.97,"start":11,"end":16}""", 1)]
    [InlineData("""[{"answer":"Clara","score":0.97,"start":11,"end":16},{"answer":"Berlin","score":0.01,"start":30,"end":36}]""", 2)]
    public async Task QuestionAnsweringReadsOneAnswerOrTheTopK(string json, int count)
    {
        var result = await Answering(json).QuestionAnsweringAsync("deepset/roberta-base-squad2", new QuestionAnsweringInputData { Question = "Who?", Context = "My name is Clara and I live in Berlin." });
        var answers = result.IsSingle ? new[] { result.AsSingle! } : result.AsList!.ToArray();
        Assert.Equal(count, answers.Length);
        Assert.Equal(("Clara", 11L, 16L), (answers[0].Answer, answers[0].Start, answers[0].End));
    }

    [Fact]
    public async Task TableQuestionAnsweringReadsOneObject()
    {
        var answer = await Answering("""{"answer":"AVERAGE > 36542","coordinates":[[0,1]],"cells":["36542"],"aggregator":"AVERAGE"}""")
            .TableQuestionAnsweringAsync("google/tapas-base-finetuned-wtq", new TableQuestionAnsweringInputData
            {
                Question = "How many stars does the transformers repository have?",
                Table = new System.Collections.Generic.Dictionary<string, System.Collections.Generic.IReadOnlyList<string>> { ["Repository"] = new[] { "Transformers" }, ["Stars"] = new[] { "36542" } },
            });
        Assert.Equal(("AVERAGE > 36542", "AVERAGE"), (answer.Answer, answer.Aggregator));
        Assert.Equal(new long[] { 0, 1 }, Assert.Single(answer.Coordinates));
    }

    [Fact]
    public async Task ZeroShotClassificationReadsTheListFormToo()
    {
        var result = await Answering("""[{"label":"refund","score":0.9},{"label":"legal","score":0.1}]""")
            .ZeroShotClassificationAsync("facebook/bart-large-mnli", "I want my money back", new ZeroShotClassificationParameters { CandidateLabels = new[] { "refund", "legal" } });
        Assert.Equal(new[] { "refund", "legal" }, result.AsList!.Select(c => c.Label));
        Assert.Null(result.AsLegacy);
    }

    [Fact]
    public async Task FillMaskNeedsTokenStrAsTheSchemaMeant()
    {
        var filled = await Answering("""[{"sequence":"the goal of life is happiness.","score":0.06,"token":8404,"token_str":"happiness"}]""").FillMaskAsync("google-bert/bert-base-uncased", "the goal of life is [MASK].");
        Assert.Equal("happiness", Assert.Single(filled).TokenStr);
        var error = await Assert.ThrowsAsync<JsonPayloadException>(() => Answering("""[{"sequence":"s","score":0.06,"token":8404}]""").FillMaskAsync("m", "[MASK]"));
        Assert.Equal("$[0]", error.Path);
        Assert.Contains("token_str", error.Expected);
    }
}
