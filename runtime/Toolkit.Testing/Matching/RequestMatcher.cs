using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Json;

namespace Toolkit.Testing.Matching;

/// <summary>Compares live requests with recorded ones and explains every difference.</summary>
public sealed class RequestMatcher
{
    private readonly MatchOptions _options;

    /// <summary>Creates a matcher; null options mean the defaults.</summary>
    public RequestMatcher(MatchOptions? options = null) => _options = options ?? new MatchOptions();

    /// <summary>Every difference between a recorded and a live request; empty when they match.</summary>
    public IReadOnlyList<RequestDifference> Compare(RecordedRequest recorded, RecordedRequest actual)
    {
        var differences = new List<RequestDifference>();
        if (!recorded.Method.Equals(actual.Method, StringComparison.OrdinalIgnoreCase))
        {
            differences.Add(new RequestDifference("method", recorded.Method, actual.Method));
        }
        CompareUrls(recorded.Url, actual.Url, differences, _options.IgnoredQueryParameters);
        if (_options.CompareHeaders) CompareHeaders(recorded.Headers, actual.Headers, differences);
        CompareBodies(recorded.Body, actual.Body, differences);
        return differences;
    }

    private static void CompareUrls(string recorded, string actual, List<RequestDifference> differences, ISet<string> ignored)
    {
        var (recordedBase, recordedQuery) = SplitUrl(recorded);
        var (actualBase, actualQuery) = SplitUrl(actual);
        if (ignored.Count > 0)
        {
            recordedQuery.RemoveAll(p => ignored.Contains(p.Split('=')[0]));
            actualQuery.RemoveAll(p => ignored.Contains(p.Split('=')[0]));
        }
        if (!SameBase(recordedBase, actualBase)) differences.Add(new RequestDifference("url", recordedBase, actualBase));
        var rq = string.Join("&", recordedQuery.Order(StringComparer.Ordinal));
        var aq = string.Join("&", actualQuery.Order(StringComparer.Ordinal));
        if (rq != aq) differences.Add(new RequestDifference("query", Show(rq), Show(aq)));
    }

    /// <summary>Scheme, host and port ignore case and default ports; the path is compared exactly.</summary>
    private static bool SameBase(string recorded, string actual)
        => Uri.TryCreate(recorded, UriKind.Absolute, out var r) && Uri.TryCreate(actual, UriKind.Absolute, out var a)
            ? Uri.Compare(r, a, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.Ordinal) == 0
            : string.Equals(recorded, actual, StringComparison.Ordinal);

    private static (string Base, List<string> Query) SplitUrl(string url)
    {
        var fragment = url.IndexOf('#');
        if (fragment >= 0) url = url[..fragment];
        var q = url.IndexOf('?');
        if (q < 0) return (url, new List<string>());
        var parts = url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Uri.UnescapeDataString(p.Replace('+', ' ')))
            .ToList();
        return (url[..q], parts);
    }

    private void CompareHeaders(IReadOnlyDictionary<string, string> recorded, IReadOnlyDictionary<string, string> actual, List<RequestDifference> differences)
    {
        var names = recorded.Keys.Concat(actual.Keys)
            .Where(n => !_options.IgnoredHeaders.Contains(n))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            var r = Find(recorded, name);
            var a = Find(actual, name);
            if (r is null || a is null || !r.Trim().Equals(a.Trim(), StringComparison.Ordinal))
            {
                differences.Add(new RequestDifference("header " + name, r is null ? "(none)" : Quote(r), a is null ? "(none)" : Quote(a)));
            }
        }
    }

    private static string? Find(IReadOnlyDictionary<string, string> headers, string name)
    {
        if (headers.TryGetValue(name, out var value)) return value;
        foreach (var (key, v) in headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase)) return v;
        }
        return null;
    }

    private void CompareBodies(RecordedBody? recorded, RecordedBody? actual, List<RequestDifference> differences)
    {
        var (r, recordedIsJson) = Normalise(recorded, _options.NullMeansAbsent);
        var (a, actualIsJson) = Normalise(actual, _options.NullMeansAbsent);
        if (r.AsSpan().SequenceEqual(a)) return;
        var offset = r.AsSpan().CommonPrefixLength(a);
        var kind = recordedIsJson && actualIsJson ? "normalised JSON" : "bytes";
        differences.Add(new RequestDifference(
            $"body (first difference at offset {offset} of the {kind})",
            Describe(recorded, r, offset),
            Describe(actual, a, offset)));
    }

    /// <summary>JSON with sorted keys and no whitespace (members set to null left out when <paramref name="dropNulls"/>); other bodies as they are.</summary>
    public static (byte[] Bytes, bool IsJson) Normalise(RecordedBody? body, bool dropNulls = false)
    {
        if (body is null || body.Bytes.IsEmpty) return (Array.Empty<byte>(), false);
        if (!JsonBytes.TryParse(body.Bytes, out var document)) return (body.Bytes.ToArray(), false);
        using (document) return (JsonBytes.Write(w => WriteSorted(w, document.RootElement, dropNulls)), true);
    }

    private static void WriteSorted(Utf8JsonWriter w, JsonElement element, bool dropNulls)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    if (dropNulls && p.Value.ValueKind == JsonValueKind.Null) continue;
                    w.WritePropertyName(p.Name);
                    WriteSorted(w, p.Value, dropNulls);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in element.EnumerateArray()) WriteSorted(w, item, dropNulls);
                w.WriteEndArray();
                break;
            case JsonValueKind.Number when element.TryGetDouble(out var d) && double.IsFinite(d):
                // 1, 1.0 and 1e0 are one value.
                w.WriteNumberValue(d);
                break;
            default:
                element.WriteTo(w);
                break;
        }
    }

    private static string Describe(RecordedBody? body, byte[] normalised, int offset)
    {
        if (body is null || body.Bytes.IsEmpty) return "(no body)";
        var size = $"{body.Bytes.Length} bytes, SHA-256 {body.Sha256()[..12]}…";
        if (body.TryGetText() is null) return size;
        var start = Math.Max(0, offset - 20);
        var length = Math.Min(60, normalised.Length - start);
        var excerpt = length <= 0 ? "" : Encoding.UTF8.GetString(normalised, start, length);
        return $"{size}, near \"{(start > 0 ? "…" : "")}{excerpt}{(start + length < normalised.Length ? "…" : "")}\"";
    }

    private static string Show(string query) => query.Length == 0 ? "(none)" : Quote(query);

    private static string Quote(string value) => "\"" + (value.Length > 120 ? value[..120] + "…" : value) + "\"";
}
