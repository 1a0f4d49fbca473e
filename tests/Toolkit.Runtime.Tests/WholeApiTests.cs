using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Acme.Inference;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Tests.Infrastructure;
using Toolkit.Runtime.Validation;
using Xunit;

namespace Toolkit.Runtime.Tests;

/// <summary>
/// The client generated from a whole-API spec (Specs/whole-api.json, format 2): one client, one method per operation,
/// path parameters as arguments with a client default, query parameters, shared named types, several content types.
/// </summary>
public sealed class WholeApiTests
{
    private static (AcmeInferenceClient Client, ScriptedHandler Handler) Create(params Func<SentRequest, HttpResponseMessage>[] answers)
    {
        var handler = new ScriptedHandler(answers);
        return (new AcmeInferenceClient(handler, new AcmeInferenceClientOptions { Token = "hf_WholeApiToken1", Model = "org/default-model" }), handler);
    }

    [Fact]
    public async Task OneClientCallsSeveralOperationsWithTheirOwnPaths()
    {
        var (client, handler) = Create(
            _ => Responses.Json("[{\"label\":\"POSITIVE\",\"score\":0.99}]"),
            _ => Responses.Json("[[0.1,0.2],[0.3]]"),
            _ => Responses.Bytes(new byte[] { 0x89, 0x50, 0x4e, 0x47 }, "image/png"));

        var labels = await client.TextClassificationAsync("distilbert/sst2", "I like you",
            new TextClassificationParameters { FunctionToApply = Function.Softmax, TopK = 2 }, new AcmeInferenceRequestOptions { UseCache = false });
        var vectors = await client.FeatureExtractionAsync(null, new[] { "a", "b" });
        var image = await client.TextToImageAsync(null, "a red square");

        Assert.Equal("POSITIVE", Assert.Single(labels).Label);
        Assert.Equal(new[] { 2, 1 }, vectors.Select(v => v.Count));
        Assert.Equal(4, image.Length);

        Assert.Equal("https://api.acme.test/v1/models/distilbert/sst2", handler.Requests[0].Uri.ToString());
        Assert.Equal("{\"inputs\":\"I like you\",\"parameters\":{\"function_to_apply\":\"softmax\",\"top_k\":2}}", Encoding.UTF8.GetString(handler.Requests[0].Body));
        Assert.Equal("false", handler.Requests[0].Header("x-use-cache"));
        Assert.Equal("Bearer hf_WholeApiToken1", handler.Requests[0].Header("authorization"));
        // The model falls back to the client's default; feature extraction has its own pipeline path.
        Assert.Equal("https://api.acme.test/v1/pipeline/feature-extraction/org/default-model", handler.Requests[1].Uri.ToString());
        Assert.Equal("{\"inputs\":[\"a\",\"b\"]}", Encoding.UTF8.GetString(handler.Requests[1].Body));
        Assert.Equal("https://api.acme.test/v1/models/org/default-model", handler.Requests[2].Uri.ToString());
    }

    [Fact]
    public async Task AnImageOperationSendsRawBytesWithoutParameters()
    {
        var (client, handler) = Create(_ => Responses.Json("[{\"label\":\"cat\",\"score\":0.5}]"));
        var result = await client.ImageClassificationAsync("google/vit", new byte[] { 1, 2, 3 });
        Assert.Equal("cat", result[0].Label);
        Assert.Equal(new byte[] { 1, 2, 3 }, handler.Requests[0].Body);
        Assert.Equal("image/*", handler.Requests[0].ContentType);
    }

    [Fact]
    public async Task QueryParametersAreSentOnlyWhenSetAndEscaped()
    {
        var (client, handler) = Create(
            _ => Responses.Json("{\"counts\":{\"t\":1},\"models\":[{\"id\":\"m1\",\"tags\":[[{\"name\":\"t\"}]]}]}"),
            _ => Responses.Json("{\"models\":[]}"));

        var page = await client.ListModelsAsync("acme corp", limit: 5, search: "a&b c", full: true, sort: ListModelsSort.Created);
        await client.ListModelsAsync("acme", limit: 1);

        Assert.Equal(HttpMethod.Get, handler.Requests[0].Method);
        Assert.Equal("https://api.acme.test/v1/tenants/acme%20corp/models?search=a%26b%20c&limit=5&full=true&sort=created", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Empty(handler.Requests[0].Body);
        Assert.Equal("https://api.acme.test/v1/tenants/acme/models?limit=1", handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal("t", page.Models[0].Tags![0][0].Name);
        Assert.Equal(1, page.Counts!["t"]);
    }

    [Fact]
    public async Task AMissingModelIsAnArgumentErrorBeforeSending()
    {
        var handler = new ScriptedHandler();
        var client = new AcmeInferenceClient(handler, new AcmeInferenceClientOptions());
        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.TextClassificationAsync(null, "x"));
        Assert.Equal("model", error.ParamName);
        Assert.Contains("AcmeInferenceClientOptions.Model", error.Message);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task SharedTypesAreValidatedAndErrorsAreTyped()
    {
        var (client, _) = Create(
            _ => Responses.Json("[{\"label\":\"x\",\"score\":1.5}]"),
            _ => Responses.Json("{\"error\":\"Model is loading\",\"estimated_time\":3}", HttpStatusCode.ServiceUnavailable));
        client.Options.ValidateResponses = true;

        var invalid = await Assert.ThrowsAsync<ResponseValidationException>(() => client.TextClassificationAsync(null, "x"));
        Assert.Contains(invalid.Errors, e => e.Path == "$[0].score");
        var error = await Assert.ThrowsAsync<ApiException>(() => client.ImageClassificationAsync(null, new byte[] { 1 }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), error.EstimatedTime);
    }

    /// <summary>An error body the spec documents for its status is read into its type, beside the messages; the token is scrubbed first.</summary>
    [Fact]
    public async Task ADocumentedErrorBodyIsReadIntoItsType()
    {
        var (client, _) = Create(
            _ => Responses.Json("{\"error\":\"top_k must be positive\",\"error_type\":\"validation\",\"fields\":[\"parameters.top_k\",\"echo hf_WholeApiToken1\"]}", HttpStatusCode.UnprocessableEntity),
            _ => Responses.Json("{\"error\":\"no\"}", HttpStatusCode.UnprocessableEntity),
            _ => Responses.Json("{\"error\":\"gone\"}", HttpStatusCode.BadRequest));

        var error = await Assert.ThrowsAsync<ApiException>(() => client.TextClassificationAsync(null, "x"));
        var problem = Assert.IsType<ValidationProblem>(error.Body);
        Assert.Equal("validation", problem.ErrorType);
        Assert.Equal("parameters.top_k", problem.Fields![0]);
        Assert.DoesNotContain("hf_WholeApiToken1", problem.Fields[1]);
        Assert.Equal("top_k must be positive", Assert.Single(error.Errors));

        // The documented shape did not come: no body, the message still there. Another status documents none.
        var partial = await Assert.ThrowsAsync<ApiException>(() => client.TextClassificationAsync(null, "x"));
        Assert.Null(partial.Body);
        Assert.Equal("no", Assert.Single(partial.Errors));
        Assert.Null((await Assert.ThrowsAsync<ApiException>(() => client.TextClassificationAsync(null, "x"))).Body);
    }

    [Fact]
    public void TheSerializerAndValidatorHaveEntryPointsPerOperation()
    {
        var request = new TextClassificationRequest { Inputs = "hi", Parameters = new TextClassificationParameters { TopK = 0 } };
        var json = AcmeInferenceSerializer.SerializeTextClassificationRequest(request);
        Assert.Equal("hi", AcmeInferenceSerializer.DeserializeTextClassificationRequest(json).Inputs);
        Assert.Contains(AcmeInferenceValidator.ValidateTextClassificationRequest(request), e => e.Path == "$.parameters.top_k");
        var labels = AcmeInferenceSerializer.DeserializeImageClassificationResponse(Encoding.UTF8.GetBytes("[{\"label\":\"a\",\"score\":0}]"));
        Assert.Equal("a", labels[0].Label);
    }

    [Fact]
    public void EachOperationHasItsContract()
    {
        Assert.Equal(6, AcmeInferenceContract.Operations.Count);
        Assert.Equal("[DONE]", AcmeInferenceContract.Chat.StreamSentinel);
        Assert.Contains("\"delta\"", AcmeInferenceContract.Chat.StreamEventJsonSchema);
        Assert.Null(AcmeInferenceContract.TextClassification.StreamEventJsonSchema);
        Assert.Throws<System.NotSupportedException>(() => AcmeInferenceContract.TextClassification.DeserializeEvent(System.Array.Empty<byte>()));
        Assert.Equal("/pipeline/feature-extraction/{model}", AcmeInferenceContract.FeatureExtraction.PathTemplate);
        Assert.Equal("GET", AcmeInferenceContract.ListModels.HttpMethod);
        Assert.Null(AcmeInferenceContract.TextToImage.ResponseJsonSchema);
        Assert.Contains("#/definitions/ScoredLabel", AcmeInferenceContract.TextClassification.ResponseJsonSchema);
    }
}
