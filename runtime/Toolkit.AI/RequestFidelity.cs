using System;
using System.Globalization;
using System.Text.Json;

namespace Toolkit.AI;

/// <summary>
/// The adapters write the OpenAI-style request as JSON and read it into the spec's request type; a value the spec's
/// type has no place for would vanish there. This check compares what was written with what the typed request
/// writes back, and names the first value that did not survive: nothing is dropped silently.
/// </summary>
internal static class RequestFidelity
{
    /// <exception cref="NotSupportedException">A value of <paramref name="written"/> is missing from, or changed in, <paramref name="kept"/>.</exception>
    public static void Check(string provider, ReadOnlyMemory<byte> written, ReadOnlyMemory<byte> kept)
    {
        using var before = JsonDocument.Parse(written);
        using var after = JsonDocument.Parse(kept);
        var lost = Find(before.RootElement, after.RootElement, "$");
        if (lost is not null)
        {
            throw new NotSupportedException(
                $"{provider}: the request cannot carry {lost}: the spec's request type has no place for it, and it is not dropped silently. " +
                "Leave that option unset, or use a spec (or an overlay) whose request has the field.");
        }
    }

    private static string? Find(JsonElement a, JsonElement b, string path)
    {
        if (a.ValueKind == JsonValueKind.Null) return null;
        if (b.ValueKind == JsonValueKind.Undefined || b.ValueKind == JsonValueKind.Null) return path;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                if (b.ValueKind != JsonValueKind.Object) return path;
                foreach (var p in a.EnumerateObject())
                {
                    var inner = b.TryGetProperty(p.Name, out var v) ? v : default;
                    var lost = Find(p.Value, inner, path + "." + p.Name);
                    if (lost is not null) return lost;
                }
                return null;
            case JsonValueKind.Array:
                if (b.ValueKind != JsonValueKind.Array || a.GetArrayLength() != b.GetArrayLength()) return path;
                for (var i = 0; i < a.GetArrayLength(); i++)
                {
                    var lost = Find(a[i], b[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]");
                    if (lost is not null) return lost;
                }
                return null;
            case JsonValueKind.Number:
                return b.ValueKind == JsonValueKind.Number && a.GetDouble().Equals(b.GetDouble()) ? null : path;
            case JsonValueKind.String:
                return b.ValueKind == JsonValueKind.String && a.GetString() == b.GetString() ? null : path;
            default:
                return a.ValueKind == b.ValueKind ? null : path;
        }
    }
}
