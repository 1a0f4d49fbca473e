using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Acme.Inference;
using Toolkit.Runtime.Errors;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Replay;
using Toolkit.Testing.Routing;
using Toolkit.Testing.Verification;
using Xunit;

namespace Toolkit.Testing.Tests;

/// <summary>Routing recorded requests to a whole API's operations, and replaying them through its generated client.</summary>
public sealed class RoutingAndReplayTests
{
    private static readonly OperationRouter Router = new(AcmeInferenceContract.Operations);

    private static RecordedRequest Request(string method, string url, string? json = null)
        => new(method, url, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, json is null ? null : RecordedBody.FromText(json));

    private static RecordedResponse Response(int status, string json)
        => new(status, new Dictionary<string, string> { ["Content-Type"] = "application/json" }, RecordedBody.FromText(json));

    [Fact]
    public void ALiteralPathBeatsAParameterThatMayHoldSlashes()
    {
        var route = Router.Route(Request("POST", "https://api.acme.test/v1/pipeline/feature-extraction/org/model"));
        Assert.Equal(RouteKind.Routed, route.Kind);
        Assert.Equal("feature-extraction", route.Contract!.OperationName);
        Assert.Equal("org/model", route.PathValues["model"]);
        Assert.Equal("https://api.acme.test/v1", route.BaseUrl);
    }

    [Fact]
    public void APathSeveralOperationsShareIsAmbiguousUntilOneIsNamed()
    {
        var request = Request("POST", "https://eu.acme.test/v1/models/org/name");
        var route = Router.Route(request);
        Assert.Equal(RouteKind.Ambiguous, route.Kind);
        Assert.Equal(new[] { "image-classification", "text-classification", "text-to-image" }, route.Candidates.Select(c => c.OperationName).Order());

        var named = Router.Route(request, "TextClassification");
        Assert.Equal(("text-classification", "org/name", "https://eu.acme.test/v1"), (named.Contract!.OperationName, named.PathValues["model"], named.BaseUrl));
        // A name that is not a candidate does not move the request.
        Assert.Equal(RouteKind.Ambiguous, Router.Route(request, "list-models").Kind);
    }

    [Fact]
    public void MethodPathAndHostDecideWhatIsNotCovered()
    {
        Assert.Equal(RouteKind.NotCovered, Router.Route(Request("GET", "https://api.acme.test/v1/models/x")).Kind);
        Assert.Equal(RouteKind.NotCovered, Router.Route(Request("GET", "https://hub.acme.test/api/tenants/t/models")).Kind);
        Assert.Equal(RouteKind.NotCovered, Router.Route(Request("GET", "https://api.acme.test/v1/tenants/a/b/models")).Kind); // {tenant} is one segment
        Assert.Equal(RouteKind.NotCovered, Router.Route(Request("GET", "not a url")).Kind);
        // A recording made against another host (a local stand-in) routes by its whole path, or under a base it is given.
        Assert.Equal("list-models", Router.Route(Request("GET", "http://127.0.0.1:5080/tenants/t/models?limit=1")).Contract!.OperationName);
        var prefixed = new OperationRouter(AcmeInferenceContract.Operations, new[] { "http://127.0.0.1:5080/proxy" });
        var route = prefixed.Route(Request("GET", "http://127.0.0.1:5080/proxy/tenants/t%20x/models?limit=2&search=a+b"));
        Assert.Equal(("list-models", "t x", "2", "a b"), (route.Contract!.OperationName, route.PathValues["tenant"], route.Query["limit"], route.Query["search"]));
    }

    [Fact]
    public void TheVerifierCountsWhatItDoesNotCheck()
    {
        var cassette = new Cassette();
        cassette.Exchanges.Add(new RecordedExchange(Request("GET", "https://hub.acme.test/api/models/x"), Response(200, "{}")));
        // No request body kept, and an answer both classifications give: only a name settles it.
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]")));
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]"))
        {
            Operation = "text-classification",
        });
        // Text where image-classification takes base64 bytes, and JSON where text-to-image answers an image: the shape decides.
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{\"inputs\":\"a\"}"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]")));
        var report = new ContractVerifier(AcmeInferenceContract.Operations).Verify(cassette, "c.json");
        Assert.Equal((2, 1, 1, 0), (report.Exchanges, report.NotCovered.Count, report.Ambiguous.Count, report.Violations.Count));
        Assert.False(report.IsClean);
        Assert.Equal(new[] { "image-classification", "text-classification" }, report.Ambiguous[0].Candidates.Order());
        Assert.Contains("ambiguous: c.json exchanges[1]", report.ToText());
        Assert.Equal(new[] { ("named", "text-classification"), ("shape: only text-classification's schemas fit the recorded request and response", "text-classification") },
            report.Routes.Select(r => (r.Rule, r.Operation)));
        Assert.Contains("routed: c.json exchanges[3] to text-classification (by shape", report.ToText());
    }

    [Fact]
    public void ANamedOperationSurvivesTheCassetteFile()
    {
        var cassette = new Cassette();
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{}"), Response(200, "[]")) { Operation = "text-classification" });
        Assert.Equal("text-classification", CassetteFile.Read(CassetteFile.Write(cassette)).Exchanges.Single().Operation);
    }

    [Fact]
    public async Task ReplayRebuildsTheTypedCallAndPrintsWhatTheCallerReceives()
    {
        var replayer = new ExchangeReplayer(AcmeInferenceContract.Operations);
        var listed = new RecordedExchange(
            Request("GET", "https://api.acme.test/v1/tenants/acme/models?limit=2&sort=created&full=true"),
            Response(200, "{\"models\":[{\"id\":\"a\"}],\"total\":1}"));
        var outcome = await replayer.ReplayAsync(listed);
        Assert.True(outcome.IsRead, string.Join("; ", outcome.Differences) + outcome.Error);
        var result = Assert.IsType<ListModelsResponse>(outcome.Result);
        Assert.Equal("a", result.Models.Single().Id);
        using var written = JsonDocument.Parse(outcome.WrittenResult!);
        Assert.Equal("a", written.RootElement.GetProperty("models")[0].GetProperty("id").GetString());

        // The client sends what it sends: a recording with another query shows as a difference.
        var other = listed with { Request = Request("GET", "https://api.acme.test/v1/tenants/acme/models?limit=2&sort=created&full=true&extra=1") };
        var mismatch = await replayer.ReplayAsync(other);
        Assert.False(mismatch.IsRead);
        Assert.Contains(mismatch.Differences, d => d.Part == "query");

        // An error status is the typed error a caller handles.
        var failing = new RecordedExchange(Request("GET", "https://api.acme.test/v1/tenants/acme/models?limit=1"), Response(429, "{\"error\":\"slow down\"}"));
        var error = await replayer.ReplayAsync(failing);
        Assert.True(error.IsRead);
        Assert.Equal(429, (int)Assert.IsType<ApiException>(error.Error).StatusCode);

        // A request the typed client cannot make is said so, nothing is sent, and the answer is read all the same.
        var inexpressible = new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{\"inputs\":3}"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]")) { Operation = "text-classification" };
        var refused = await replayer.ReplayAsync(inexpressible);
        Assert.Equal(RequestReplay.NotReproducible, refused.Request);
        Assert.True(refused.RequestNotExpressible);
        Assert.Equal(0, refused.Requests);
        Assert.True(refused.IsRead, refused.Error?.ToString());
        Assert.Equal("a", Assert.IsAssignableFrom<IReadOnlyList<ScoredLabel>>(refused.Result).Single().Label);
        var badQuery = await replayer.ReplayAsync(listed with { Request = Request("GET", "https://api.acme.test/v1/tenants/acme/models?limit=1&sort=downloads") });
        Assert.True(badQuery.RequestNotExpressible);
        Assert.Contains("'sort' is 'downloads'", badQuery.RequestError!.Message);
        Assert.Equal("a", Assert.IsType<ListModelsResponse>(badQuery.Result).Models.Single().Id);

        // A recording that kept no request body: the request is not recorded; the answer, typed error included, is read.
        var bodiless = new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x"), Response(200, "[{\"label\":\"b\",\"score\":1}]")) { Operation = "text-classification" };
        var answer = await replayer.ReplayAsync(bodiless);
        Assert.Equal((RequestReplay.NotRecorded, true, 0), (answer.Request, answer.IsRead, answer.Requests));
        Assert.Equal("b", Assert.IsAssignableFrom<IReadOnlyList<ScoredLabel>>(answer.Result).Single().Label);
        var refusal = await replayer.ReplayAsync(bodiless with { Response = Response(422, "{\"error\":\"no\",\"error_type\":\"validation\"}") });
        Assert.Equal(422, (int)Assert.IsType<ApiException>(refusal.Error).StatusCode);
        Assert.True(refusal.IsRead);
    }
}
