using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Toolkit.Runtime.Contracts;
using Toolkit.Testing.Cassettes;

namespace Toolkit.Testing.Routing;

/// <summary>
/// Finds the operation a recorded request was made to, by method and path template, as a server's router would:
/// under one of the API's base URLs (or any other given), else by the whole path; the template with the most literal
/// text wins, so <c>/models/{model}/v1/chat/completions</c> beats <c>/models/{model}</c> even when <c>{model}</c>
/// may hold '/'. Several operations may share a method and path (Hugging Face serves most tasks at
/// <c>POST /models/{model}</c>): that is ambiguous unless an operation is named, and never guessed.
/// </summary>
public sealed class OperationRouter
{
    private readonly List<(IApiContract Contract, Regex Pattern, int Literal)> _routes;
    private readonly List<string> _baseUrls;

    /// <summary>A router over an API's operations; <paramref name="baseUrls"/> adds bases the recordings were made against.</summary>
    public OperationRouter(IEnumerable<IApiContract> operations, IEnumerable<string>? baseUrls = null)
    {
        ArgumentNullException.ThrowIfNull(operations);
        _routes = operations.Select(c => (c, Pattern(c.PathTemplate, c.SlashParameters), Literal(c.PathTemplate))).ToList();
        _baseUrls = (baseUrls ?? Array.Empty<string>()).Concat(_routes.SelectMany(r => r.Contract.BaseUrls))
            .Select(b => b.TrimEnd('/')).Where(b => b.Length > 0).Distinct(StringComparer.Ordinal)
            .OrderByDescending(b => b.Length).ToList();
    }

    /// <summary>The operations routed over.</summary>
    public IReadOnlyList<IApiContract> Operations => _routes.Select(r => r.Contract).ToList();

    /// <summary>
    /// Routes one request. <paramref name="operation"/> (its key, e.g. <c>text-classification</c>, or method name)
    /// settles a request that fits several operations including it; it does not move a request that fits others only.
    /// </summary>
    public Routing.Route Route(RecordedRequest request, string? operation = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var uri)) return Routing.Route.NotCovered(request, "the URL is not absolute");
        var (baseUrl, path) = Split(uri);
        var fits = new List<(IApiContract Contract, Match Match, int Literal)>();
        foreach (var (contract, pattern, literal) in _routes)
        {
            if (!string.Equals(contract.HttpMethod, request.Method, StringComparison.OrdinalIgnoreCase)) continue;
            var match = pattern.Match(path);
            if (match.Success) fits.Add((contract, match, literal));
        }
        if (fits.Count == 0) return Routing.Route.NotCovered(request, $"no operation is {request.Method.ToUpperInvariant()} {path}");

        var best = fits.Max(f => f.Literal);
        var candidates = fits.Where(f => f.Literal == best).ToList();
        if (candidates.Count > 1 && operation is not null)
        {
            var named = candidates.Where(f => Names(f.Contract, operation)).ToList();
            if (named.Count == 1) candidates = named;
        }
        if (candidates.Count > 1) return Routing.Route.Ambiguous(request, candidates.Select(c => c.Contract).ToList());

        var chosen = candidates[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in chosen.Match.Groups.Cast<Group>().Where(g => g.Success && g.Name.StartsWith("p_", StringComparison.Ordinal)))
        {
            values[Decode(group.Name.Substring(2))] = string.Join("/", group.Value.Split('/').Select(Uri.UnescapeDataString));
        }
        return new Routing.Route(RouteKind.Routed, chosen.Contract, new[] { chosen.Contract }, baseUrl, values, Query(uri), "");
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

    /// <summary>The template as a regular expression: literal text as is, a parameter as one segment (or several when it may hold '/').</summary>
    private static Regex Pattern(string template, IReadOnlyList<string> slashParameters)
    {
        var sb = new StringBuilder("^");
        var at = 0;
        while (at < template.Length)
        {
            var open = template.IndexOf('{', at);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                sb.Append(Regex.Escape(template.Substring(at)));
                break;
            }
            sb.Append(Regex.Escape(template.Substring(at, open - at)));
            var name = template.Substring(open + 1, close - open - 1);
            sb.Append("(?<p_").Append(Encode(name)).Append('>').Append(slashParameters.Contains(name) ? "[^/]+(?:/[^/]+)*" : "[^/]+").Append(')');
            at = close + 1;
        }
        return new Regex(sb.Append("/?$").ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    // Group names must be word characters: a parameter's name is carried hex-encoded.
    private static string Encode(string name) => string.Concat(Encoding.UTF8.GetBytes(name).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Decode(string hex) => Encoding.UTF8.GetString(Convert.FromHexString(hex));

    private static int Literal(string template)
    {
        var count = 0;
        var depth = 0;
        foreach (var c in template)
        {
            if (c == '{') depth++;
            else if (c == '}') depth = Math.Max(0, depth - 1);
            else if (depth == 0) count++;
        }
        return count;
    }
}
