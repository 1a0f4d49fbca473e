using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using HuggingFace.Inference;
using Microsoft.Extensions.AI;
using Xunit;

namespace Toolkit.AI.Tests;

/// <summary>The generated AsIEmbeddingGenerator() of Hugging Face's feature extraction, on the recorded answer.</summary>
public sealed class EmbeddingGeneratorTests
{
    [RecordedFact]
    public async Task ARecordedAnswerOfTokenVectorsIsRefusedUnlessPoolingIsAskedFor()
    {
        // facebook/bart-base answers one vector per token ([1][8][768]): not a text's embedding.
        var recorded = new RecordedAnswer("feature_extraction_with_sentence_transformers.json", 1);
        var tokens = JsonDocument.Parse(recorded.Body).RootElement[0];
        using var http = new HttpClient(recorded);
        var hf = new HfInferenceClient(http, new HfInferenceClientOptions());

        var refused = await Assert.ThrowsAsync<NotSupportedException>(() => hf.AsIEmbeddingGenerator("facebook/bart-base").GenerateAsync(new[] { "Hi, who are you?" }));
        Assert.Contains($"{tokens.GetArrayLength()} vectors for text 0, one per token ({tokens[0].GetArrayLength()} dimensions each)", refused.Message);

        var embeddings = await hf.AsIEmbeddingGenerator("facebook/bart-base", TokenPooling.Mean).GenerateAsync(new[] { "Hi, who are you?" });
        var embedding = Assert.Single(embeddings);
        Assert.Equal(tokens[0].GetArrayLength(), embedding.Vector.Length); // the recorded dimensions: 768
        Assert.Equal("facebook/bart-base", embedding.ModelId);
        for (var d = 0; d < embedding.Vector.Length; d += 97)
        {
            var mean = tokens.EnumerateArray().Average(t => t[d].GetDouble());
            Assert.Equal(mean, embedding.Vector.Span[d], 4);
        }
        // Sent to the pipeline route the recording used, the texts as 'inputs'.
        var (uri, body) = recorded.Sent.Last();
        Assert.EndsWith("/pipeline/feature-extraction/facebook/bart-base", uri.AbsolutePath);
        Assert.Equal("Hi, who are you?", JsonDocument.Parse(body).RootElement.GetProperty("inputs")[0].GetString());
    }
}
