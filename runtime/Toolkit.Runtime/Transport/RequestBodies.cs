using System;
using System.ComponentModel;
using System.Net.Http;
using System.Text.Json;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Fields the client fills in a JSON request body itself, on the wire and never on the caller's object: a body field
/// that repeats a path parameter (an OpenAI-style <c>"model"</c> beside <c>/models/{model}/...</c>) is sent with the
/// path's value, so the two can never disagree and the request type does not offer the field at all.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RequestBodies
{
    /// <summary>
    /// Sets the top-level string member <paramref name="field"/> of <paramref name="message"/>'s JSON body to
    /// <paramref name="value"/> (replaced if present). The body is the one the generated serializer wrote.
    /// </summary>
    /// <exception cref="InvalidOperationException">The body is not a JSON body the generated serializer wrote.</exception>
    public static void SetString(HttpRequestMessage message, string field, string value)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(value);
        if (message.Content is not PooledContent json) throw new InvalidOperationException($"The request body is not JSON written by the client, so '{field}' cannot be set in it.");
        var encoded = JsonEncodedText.Encode(value, Json.JsonWriting.Options.Encoder).EncodedUtf8Bytes;
        var quoted = new byte[encoded.Length + 2];
        quoted[0] = quoted[^1] = (byte)'"';
        encoded.CopyTo(quoted.AsSpan(1));
        json.SetTopLevel(field, quoted);
    }
}
