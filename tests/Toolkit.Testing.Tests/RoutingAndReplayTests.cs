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
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{\"inputs\":\"a\"}"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]")));
        cassette.Exchanges.Add(new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{\"inputs\":\"a\"}"), Response(200, "[{\"label\":\"a\",\"score\":0.5}]"))
        {
            Operation = "text-classification",
        });
        var report = new ContractVerifier(AcmeInferenceContract.Operations).Verify(cassette, "c.json");
        Assert.Equal((1, 1, 1, 0), (report.Exchanges, report.NotCovered.Count, report.Ambiguous.Count, report.Violations.Count));
        Assert.False(report.IsClean);
        Assert.Contains("text-classification", report.Ambiguous[0].Candidates);
        Assert.Contains("ambiguous: c.json exchanges[1]", report.ToText());
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

        // A request the typed client cannot make is said so, and nothing is sent.
        var inexpressible = new RecordedExchange(Request("POST", "https://api.acme.test/v1/models/x", "{\"inputs\":3}"), Response(200, "[]")) { Operation = "text-classification" };
        var refused = await replayer.ReplayAsync(inexpressible);
        Assert.True(refused.RequestNotExpressible);
        Assert.False(refused.IsRead);
        var badQuery = await replayer.ReplayAsync(listed with { Request = Request("GET", "https://api.acme.test/v1/tenants/acme/models?limit=1&sort=downloads") });
        Assert.True(badQuery.RequestNotExpressible);
        Assert.Contains("'sort' is 'downloads'", badQuery.Error!.Message);
    }
}
