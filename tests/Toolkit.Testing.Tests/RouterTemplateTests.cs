using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Acme.Inference;
using Toolkit.Runtime.Validation;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Contracts;
using Toolkit.Testing.Replay;
using Toolkit.Testing.Routing;
using Xunit;

namespace Toolkit.Testing.Tests;

/// <summary>
/// The router reads path templates with the generator's parser and matches them without a regular expression:
/// several parameters that may hold '/' still match as a server's router would, and a long URL that fits none of
/// them is answered at once (a backtracking regex took its one-second timeout, then threw).
/// </summary>
public sealed class RouterTemplateTests
{
    private static RecordedRequest Get(string url) => new("GET", url, new Dictionary<string, string>(), null);

    private static OperationRouter Router(string template, params string[] slashParameters)
        => new(new IApiContract[] { new TemplateContract(AcmeInferenceContract.Operations[0], template, slashParameters) });

    [Fact]
    public void ParametersThatMayHoldSlashesSplitThePathAroundTheLiterals()
    {
        var route = Router("/repos/{owner}/{repo}/files/{path}", "repo", "path").Route(Get("https://nowhere.test/repos/me/a/b/files/x/y.txt/"));
        Assert.Equal(RouteKind.Routed, route.Kind);
        Assert.Equal(("me", "a/b", "x/y.txt"), (route.PathValues["owner"], route.PathValues["repo"], route.PathValues["path"]));
        Assert.Equal(RouteKind.NotCovered, Router("/repos/{owner}/files", "owner").Route(Get("https://nowhere.test/repos//files")).Kind); // a parameter is never empty
        Assert.Equal(RouteKind.NotCovered, Router("/repos/{owner}", "owner").Route(Get("https://nowhere.test/Repos/me")).Kind); // literal text is case-sensitive
    }

    [Fact]
    public void ALongPathThatFitsNoTemplateIsAnsweredAtOnce()
    {
        var router = Router("/{a}/{b}/{c}/{d}/end", "a", "b", "c", "d");
        var url = "https://nowhere.test/" + string.Join("/", System.Linq.Enumerable.Repeat("segment", 400)) + "/x";
        var clock = Stopwatch.StartNew();
        var route = router.Route(Get(url));
        Assert.Equal(RouteKind.NotCovered, route.Kind);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(900), $"{clock.Elapsed.TotalMilliseconds} ms");
    }

    /// <summary>An existing operation's contract at another path template.</summary>
    private sealed class TemplateContract(IApiContract inner, string template, string[] slashParameters) : IApiContract
    {
        public string SpecName => inner.SpecName;
        public string SpecVersion => inner.SpecVersion;
        public string SpecSha256 => inner.SpecSha256;
        public string OperationName => inner.OperationName;
        public IReadOnlyList<string> BaseUrls => Array.Empty<string>();
        public IReadOnlyList<string> SlashParameters => slashParameters;
        public string HttpMethod => "GET";
        public string PathTemplate => template;
        public IReadOnlyList<int> SuccessStatuses => inner.SuccessStatuses;
        public IReadOnlyList<int> ErrorStatuses => inner.ErrorStatuses;
        public string ResponseContentType => inner.ResponseContentType;
        public string? ResponseJsonSchema => inner.ResponseJsonSchema;
        public string? ErrorJsonSchema => inner.ErrorJsonSchema;
        public object DeserializeResponse(ReadOnlyMemory<byte> body) => inner.DeserializeResponse(body);
        public byte[] SerializeResponse(object response) => inner.SerializeResponse(response);
        public Task<object> ReplayAsync(ReplayCall call, CancellationToken cancellationToken = default) => inner.ReplayAsync(call, cancellationToken);
        public string? StreamEventJsonSchema => inner.StreamEventJsonSchema;
        public string? StreamSentinel => inner.StreamSentinel;
        public object DeserializeEvent(ReadOnlyMemory<byte> data) => inner.DeserializeEvent(data);
        public byte[] SerializeEvent(object value) => inner.SerializeEvent(value);
        public IAsyncEnumerable<object> ReplayStreamAsync(ReplayCall call, CancellationToken cancellationToken = default) => inner.ReplayStreamAsync(call, cancellationToken);
        public IReadOnlyList<ValidationError> ValidateResponse(object response) => inner.ValidateResponse(response);
        public Task<object> ReadAnswerAsync(ReplayCall call, CancellationToken cancellationToken = default) => inner.ReadAnswerAsync(call, cancellationToken);
        public IAsyncEnumerable<object> ReadAnswerStreamAsync(ReplayCall call, CancellationToken cancellationToken = default) => inner.ReadAnswerStreamAsync(call, cancellationToken);
    }
}
