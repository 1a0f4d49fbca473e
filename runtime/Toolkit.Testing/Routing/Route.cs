using System;
using System.Collections.Generic;
using Toolkit.Testing.Contracts;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Routing;

/// <summary>What routing made of a recorded request.</summary>
public enum RouteKind
{
    /// <summary>Exactly one operation: <see cref="Route.Contract"/>.</summary>
    Routed,

    /// <summary>No operation of the spec describes it (e.g. the Hub's model lookups before an inference call).</summary>
    NotCovered,

    /// <summary>Several operations share its method and path; name one (<c>--operation</c>, or the cassette's <c>operation</c>).</summary>
    Ambiguous,
}

/// <summary>The operation a recorded request belongs to, with the values its URL gives that operation's parameters.</summary>
/// <param name="Kind">Routed, not covered or ambiguous.</param>
/// <param name="Contract">The operation, when routed.</param>
/// <param name="Candidates">The operations that fit (several when ambiguous).</param>
/// <param name="BaseUrl">The base URL the request was made under.</param>
/// <param name="PathValues">The path parameters' values.</param>
/// <param name="Query">The query parameters.</param>
/// <param name="Reason">Which rule decided (<c>path</c>, <c>named</c>, <c>shape</c>), or why nothing was routed.</param>
public sealed record Route(
    RouteKind Kind,
    IApiContract? Contract,
    IReadOnlyList<IApiContract> Candidates,
    string BaseUrl,
    IReadOnlyDictionary<string, string> PathValues,
    IReadOnlyDictionary<string, string> Query,
    string Reason)
{
    /// <summary>
    /// The alternative path template the request was recorded at (the spec's <c>alternativePaths</c>), when it was
    /// not the operation's own path: the client sends to <see cref="IApiContract.PathTemplate"/> instead.
    /// </summary>
    public string? AlternativePath { get; init; }

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    internal static Route NotCovered(RecordedRequest request, string reason)
        => new(RouteKind.NotCovered, null, Array.Empty<IApiContract>(), "", None, None, reason);

    internal static Route Ambiguous(RecordedRequest request, IReadOnlyList<IApiContract> candidates, string reason)
        => new(RouteKind.Ambiguous, null, candidates, "", None, None, reason);
}
