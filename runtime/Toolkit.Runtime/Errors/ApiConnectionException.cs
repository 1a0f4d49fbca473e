using System;
using System.Globalization;
using System.Net;
using System.Net.Http;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// The service could not be reached (name resolution, refused or reset connection, TLS), or the connection ended
/// before the answer's body did: <see cref="Host"/> names where the request went, <see cref="BytesReceived"/> how much
/// of the body had come (null when no answer came). The framework's exception is kept as the inner exception. It is an
/// <see cref="HttpRequestException"/>, so code that catches those still does; the caller's token is never in it.
/// </summary>
public sealed class ApiConnectionException : HttpRequestException
{
    /// <summary>Creates the exception.</summary>
    public ApiConnectionException(string? host, string message, Exception? innerException = null, HttpStatusCode? statusCode = null,
        long? bytesReceived = null, long? declaredLength = null)
        : base(ErrorOf(innerException), message, innerException, statusCode)
    {
        Host = host;
        BytesReceived = bytesReceived;
        DeclaredLength = declaredLength;
    }

    /// <summary>Where the request went, as <c>host:port</c> (null when the reader was not told).</summary>
    public string? Host { get; }

    /// <summary>The bytes of the body that had arrived when the connection ended; null when no answer came.</summary>
    public long? BytesReceived { get; }

    /// <summary>The Content-Length the answer declared, when it declared one.</summary>
    public long? DeclaredLength { get; }

    /// <summary><c>host:port</c> of <paramref name="uri"/>, or null.</summary>
    internal static string? HostOf(Uri? uri) => uri is { IsAbsoluteUri: true } ? uri.Host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture) : null;

    /// <summary>No answer: sending or waiting for the headers failed.</summary>
    internal static ApiConnectionException NoAnswer(Uri? target, Exception inner, string? secret)
    {
        var host = Secrets.Scrub(HostOf(target) ?? "the service", secret);
        return new ApiConnectionException(HostOf(target) is null ? null : host,
            $"Could not reach {host}: {Reason(inner, secret)}", inner);
    }

    /// <summary>The answer came, but its body ended before it should have.</summary>
    internal static ApiConnectionException BodyCut(Uri? target, HttpStatusCode status, long received, long? declared, Exception? inner, string? secret)
    {
        var host = HostOf(target) is { } h ? Secrets.Scrub(h, secret) : null;
        var what = declared is { } d
            ? string.Format(CultureInfo.InvariantCulture, "after {0} of the {1} bytes its {2} answer declared", received, d, (int)status)
            : string.Format(CultureInfo.InvariantCulture, "after {0} bytes of its {1} answer's body", received, (int)status);
        var message = $"The connection to {host ?? "the service"} ended {what}; the body was cut short"
            + (inner is null ? "." : ": " + Reason(inner, secret));
        return new ApiConnectionException(host, message, inner, status, received, declared);
    }

    /// <summary>The framework's message, without the caller's token, its inner exception's appended when it adds to it.</summary>
    private static string Reason(Exception e, string? secret)
    {
        var text = e.Message;
        if (e.InnerException is { Message: { Length: > 0 } detail } && !text.Contains(detail, StringComparison.Ordinal)) text += " (" + detail + ")";
        return Secrets.Scrub(text, secret);
    }

    private static HttpRequestError ErrorOf(Exception? inner) => inner switch
    {
        HttpRequestException e => e.HttpRequestError,
        HttpIOException e => e.HttpRequestError,
        _ => HttpRequestError.Unknown,
    };
}
