using System;
using System.Globalization;
using System.Net;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// A response body is larger than the client accepts. <see cref="Limit"/> names the limit
/// (<c>MaxResponseBytes</c> or <c>MaxErrorResponseBytes</c>); reading stopped there, so memory stays bounded.
/// </summary>
public sealed class ResponseTooLargeException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ResponseTooLargeException(string limit, long maxBytes, HttpStatusCode statusCode, long? declaredLength = null)
        : base(Describe(limit, maxBytes, statusCode, declaredLength))
    {
        Limit = limit;
        MaxBytes = maxBytes;
        StatusCode = statusCode;
        DeclaredLength = declaredLength;
    }

    /// <summary>The exception with a message of the reader's own (a stream says how far it got).</summary>
    internal ResponseTooLargeException(string limit, long maxBytes, HttpStatusCode statusCode, long? declaredLength, string message)
        : base(message)
    {
        Limit = limit;
        MaxBytes = maxBytes;
        StatusCode = statusCode;
        DeclaredLength = declaredLength;
    }

    /// <summary>The limit that was exceeded, named like its option, e.g. <c>MaxResponseBytes</c>.</summary>
    public string Limit { get; }

    /// <summary>The limit's value in bytes.</summary>
    public long MaxBytes { get; }

    /// <summary>The status of the answer whose body was too large.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The Content-Length the server declared, when it declared one.</summary>
    public long? DeclaredLength { get; }

    private static string Describe(string limit, long maxBytes, HttpStatusCode statusCode, long? declared)
        => string.Format(CultureInfo.InvariantCulture, "The {0} body of the answer {1} ({2}) is larger than {3} ({4} bytes){5}; it was not read.",
            (int)statusCode >= 200 && (int)statusCode < 300 ? "success" : "error", (int)statusCode, statusCode, limit, maxBytes,
            declared is { } d ? string.Format(CultureInfo.InvariantCulture, ": the server declared {0} bytes", d) : "");
}
