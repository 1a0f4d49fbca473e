using System;

namespace Toolkit.Runtime.Errors;

/// <summary>A header value the client refuses to send; the value itself is never in the message.</summary>
public sealed class InvalidHeaderValueException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public InvalidHeaderValueException(string headerName, int position, bool isSecret)
        : base(isSecret
            ? $"The token for header '{headerName}' has a character that cannot be sent (a control character, space or non-ASCII character at position {position}); nothing was sent."
            : $"The value of header '{headerName}' has a control character at position {position}, which would split the header on the wire; nothing was sent.")
    {
        HeaderName = headerName;
        Position = position;
    }

    /// <summary>The header whose value was refused.</summary>
    public string HeaderName { get; }

    /// <summary>The index of the first refused character.</summary>
    public int Position { get; }
}
