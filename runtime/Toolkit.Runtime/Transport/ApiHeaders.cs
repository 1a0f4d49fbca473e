using System;
using System.ComponentModel;
using System.Net.Http;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Adds request headers for generated clients. Values are checked before anything is sent: a CR or LF in a value
/// would end the header on the wire and start another one the caller never wrote.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ApiHeaders
{
    /// <summary>Adds <paramref name="name"/>: <paramref name="value"/>.</summary>
    /// <exception cref="InvalidHeaderValueException">The value holds a control character.</exception>
    public static void Add(HttpRequestMessage message, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(message);
        Check(name, value, isSecret: false);
        message.Headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>Adds <paramref name="name"/>: <c>Bearer {token}</c>.</summary>
    /// <exception cref="InvalidHeaderValueException">The token holds a control character or a space (never quoted).</exception>
    public static void AddBearer(HttpRequestMessage message, string name, string token)
    {
        ArgumentNullException.ThrowIfNull(message);
        Check(name, token, isSecret: true);
        message.Headers.TryAddWithoutValidation(name, "Bearer " + token);
    }

    private static void Check(string name, string value, bool isSecret)
    {
        ArgumentNullException.ThrowIfNull(value);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var bad = (c < 0x20 && c != '\t') || c == 0x7f || (isSecret && (c == ' ' || c == '\t' || c > 0x7e));
            if (bad) throw new InvalidHeaderValueException(name, i, isSecret);
        }
    }
}
