using System;
using System.Collections.Generic;
using System.Linq;
using Toolkit.Templates;
using Toolkit.Testing.Contracts;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Routing;

/// <summary>
/// Finds the operation a recorded exchange was made to, as a server's router would: by method and path template,
/// under one of the API's base URLs (or any other given), else by the whole path; the operation's alternative paths
/// (the spec's <c>alternativePaths</c>) count as its own. The template with the most literal text wins, so
/// <c>/models/{model}/v1/chat/completions</c> beats <c>/models/{model}</c> even when <c>{model}</c> may hold '/'.
/// When several operations share a method and path (Hugging Face serves most tasks at <c>POST /models/{model}</c>),
/// a named operation among them decides; else the one operation whose schemas the recorded request and response fit
/// (then: the one that defines every member of the request); an exchange that still fits several is ambiguous,
/// never guessed. <see cref="Route.Reason"/> says which rule decided.
/// </summary>
public sealed class OperationRouter
{
    private readonly List<(IApiContract Contract, PathPattern Pattern, int Literal, string? Alternative)> _routes;
    private readonly List<string> _baseUrls;
    private readonly ShapeMatcher _shapes = new();

    /// <summary>A router over an API's operations; <paramref name="baseUrls"/> adds bases the recordings were made against.</summary>
    public OperationRouter(IEnumerable<IApiContract> operations, IEnumerable<string>? baseUrls = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var list = operations.ToList();
        Operations = list;
        _routes = list.Select(c => (c, new PathPattern(c.PathTemplate, c.SlashParameters), (string?)null))
            .Concat(list.SelectMany(c => c.AlternativePathTemplates.Select(a => (c, new PathPattern(a, c.SlashParameters), (string?)a))))
            .Select(r => (r.c, r.Item2, r.Item2.Literal, r.Item3))
            .ToList();
        _baseUrls = (baseUrls ?? Array.Empty<string>()).Concat(list.SelectMany(c => c.BaseUrls))
            .Select(b => b.TrimEnd('/')).Where(b => b.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(b => b.Length).ToList();
    }

    /// <summary>The operations routed over.</summary>
    public IReadOnlyList<IApiContract> Operations { get; }

    /// <summary>
    /// Routes one request by its method and path alone. <paramref name="operation"/> (its key, e.g.
    /// <c>text-classification</c>, or method name) settles a request that fits several operations including it; it does
    /// not move a request that fits others only.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: a request or a whole exchange.")]
    public Routing.Route Route(RecordedRequest request, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Route(request, null, operation);
    }

    /// <summary>
    /// Routes one exchange: as <see cref="Route(RecordedRequest, string?)"/>, and when several operations share its
    /// method and path and none is named, by the shape of its request and response.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: a request or a whole exchange.")]
    public Routing.Route Route(RecordedExchange exchange, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        return Route(exchange.Request, exchange, operation ?? exchange.Operation);
    }

    private Routing.Route Route(RecordedRequest request, RecordedExchange? exchange, string? operation)
    {
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri)) return Routing.Route.NotCovered(request, "the URL is not absolute");
        var (baseUrl, path) = Split(uri);
        var fits = new List<(IApiContract Contract, Dictionary<string, string> Values, int Literal, string? Alternative)>();
        foreach (var (contract, pattern, literal, alternative) in _routes)
        {
            if (!string.Equals(contract.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            if (pattern.Match(path) is { } found) fits.Add((contract, found, literal, alternative));
        }
        if (fits.Count == 0) return Routing.Route.NotCovered(request, $"no operation is {request.Method.ToUpperInvariant()} {path}");

        var best = fits.Max(f => f.Literal);
        // One fit per operation: its own path before an alternative of the same length.
        var candidates = fits.Where(f => f.Literal == best).GroupBy(f => f.Contract).Select(g => g.OrderBy(f => f.Alternative is null ? 0 : 1).First()).ToList();
        var reason = "path";
        if (candidates.Count > 1 && operation is not null)
        {
            var named = candidates.Where(f => Names(f.Contract, operation)).ToList();
            if (named.Count == 1)
            {
                candidates = named;
                reason = "named";
            }
        }
        if (candidates.Count > 1 && exchange is not null)
        {
            // Which members each schema names settles a tie only on a success: error bodies are shared by every operation.
            // Routing by shape: the operations whose schemas the recorded request and response fit.
            var shaped = candidates.Select(c => (Fit: c, Fits: _shapes.Fits(c.Contract, exchange, out var exactness), Exactness: exactness)).Where(c => c.Fits).ToList();
            var most = shaped.Count == 0 ? 0 : shaped.Max(c => c.Exactness);
            if (shaped.Count == 1)
            {
                candidates = new() { shaped[0].Fit };
                reason = "shape: only " + shaped[0].Fit.Contract.OperationName + "'s schemas fit the recorded request and response";
            }
            else if (shaped.Count > 1 && most > 0 && shaped.Count(c => c.Exactness == most) == 1 && exchange.Response.Status is >= 200 and < 300)
            {
                var exact = shaped.Single(c => c.Exactness == most);
                candidates = new() { exact.Fit };
                reason = "shape: of " + string.Join(", ", shaped.Select(c => c.Fit.Contract.OperationName)) + ", only " + exact.Fit.Contract.OperationName
                    + "'s schemas name every member of the recorded " + (most == 2 ? "request and response" : "request or response");
            }
            else if (shaped.Count > 1)
            {
                return Routing.Route.Ambiguous(request, shaped.Select(c => c.Fit.Contract).ToList(), "several operations fit its path and the shape of its request and response");
            }
        }
        if (candidates.Count > 1) return Routing.Route.Ambiguous(request, candidates.Select(c => c.Contract).ToList(), "several operations fit its path");

        var chosen = candidates[0];
        var values = chosen.Values.ToDictionary(v => v.Key, v => string.Join("/", v.Value.Split('/').Select(Uri.UnescapeDataString)), StringComparer.Ordinal);
        return new Routing.Route(RouteKind.Routed, chosen.Contract, new[] { chosen.Contract }, baseUrl, values, Query(uri), reason) { AlternativePath = chosen.Alternative };
    }

    private static bool Names(IApiContract contract, string operation)
        => string.Equals(Normalize(contract.OperationName), Normalize(operation), StringComparison.Ordinal);

    private static string Normalize(string name) => new(name.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());

    /// <summary>The base URL the request was made under and the path after it; the whole path when none is known.</summary>
    private (string BaseUrl, string Path) Split(Uri uri)
    {
        var full = uri.GetLeftPart(UriPartial.Path);
        foreach (var b in _baseUrls)
        {
            if (full.StartsWith(b, StringComparison.OrdinalIgnoreCase) && (full.Length == b.Length || full[b.Length] == '/'))
            {
                return (b, full.Length == b.Length ? "/" : full.Substring(b.Length));
            }
        }
        return (uri.GetLeftPart(UriPartial.Authority), uri.AbsolutePath);
    }

    private static IReadOnlyDictionary<string, string> Query(Uri uri)
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((eq < 0 ? pair : pair.Substring(0, eq)).Replace('+', ' '));
            query[name] = eq < 0 ? "" : Uri.UnescapeDataString(pair.Substring(eq + 1).Replace('+', ' '));
        }
        return query;
    }

    /// <summary>
    /// A template read by <see cref="PathTemplateSyntax"/> (the generator's parser), matched against a path: literal text
    /// as is, a parameter as one non-empty segment, or several when it may hold '/'; one trailing '/' is allowed.
    /// </summary>
    private sealed class PathPattern
    {
        private readonly List<(string Text, string? Parameter)> _parts;
        private readonly HashSet<string> _slashes;

        public PathPattern(string template, IReadOnlyList<string> slashParameters)
        {
            _parts = PathTemplateSyntax.Parts(template, out _);
            _slashes = new HashSet<string>(slashParameters, StringComparer.Ordinal);
            Literal = _parts.Where(p => p.Parameter is null).Sum(p => p.Text.Length);
        }

        /// <summary>How much literal text the template has: the most specific template wins.</summary>
        public int Literal { get; }

        /// <summary>The parameters' raw (still escaped) values when <paramref name="path"/> fits, else null.</summary>
        public Dictionary<string, string>? Match(string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Match(path, 0, 0, values, new HashSet<(int, int)>())
                || (path.Length > 1 && path[path.Length - 1] == '/' && Match(path.Substring(0, path.Length - 1), 0, 0, values, new HashSet<(int, int)>())))
            {
                return values;
            }
            return null;
        }

        /// <summary>Whether the parts from <paramref name="part"/> on fit the path from <paramref name="at"/>; <paramref name="failed"/>
        /// remembers the (part, position) pairs that do not, so that several parameters holding '/' stay polynomial.</summary>
        private bool Match(string path, int part, int at, Dictionary<string, string> values, HashSet<(int, int)> failed)
        {
            if (part == _parts.Count) return at == path.Length;
            if (failed.Contains((part, at))) return false;
            if (MatchHere(path, part, at, values, failed)) return true;
            failed.Add((part, at));
            return false;
        }

        private bool MatchHere(string path, int part, int at, Dictionary<string, string> values, HashSet<(int, int)> failed)
        {
            var (text, parameter) = _parts[part];
            if (parameter is null)
            {
                return path.Length - at >= text.Length && string.CompareOrdinal(path, at, text, 0, text.Length) == 0 && Match(path, part + 1, at + text.Length, values, failed);
            }
            // One segment: up to the next '/'. A parameter that may hold '/' tries each segment boundary, longest first
            // (a path has few segments: the backtracking is bounded by their number).
            var end = path.IndexOf('/', at);
            if (end < 0) end = path.Length;
            if (end == at) return false;
            var ends = new List<int> { end };
            if (_slashes.Contains(parameter))
            {
                while (end < path.Length && end + 1 < path.Length && path[end + 1] != '/')
                {
                    var next = path.IndexOf('/', end + 1);
                    end = next < 0 ? path.Length : next;
                    ends.Add(end);
                }
                ends.Reverse();
            }
            foreach (var e in ends)
            {
                if (!Match(path, part + 1, e, values, failed)) continue;
                values[parameter] = path.Substring(at, e - at);
                return true;
            }
            return false;
        }
    }
}
