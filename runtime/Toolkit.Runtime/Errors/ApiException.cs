using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text;

namespace Toolkit.Runtime.Errors;

/// <summary>
/// The API answered with an error status. Carries the server's message(s), the estimated time when the
/// service is loading, and the request id for support. Never carries the caller's token.
/// </summary>
public class ApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code of the answer.</param>
    /// <param name="errors">The server's error messages; never empty.</param>
    /// <param name="estimatedTime">The service's estimate of when a loading model is ready, if it gave one.</param>
    /// <param name="requestId">The request id for support, if the service sent one.</param>
    /// <param name="isLoading">Whether the service said the model is still loading.</param>
    /// <param name="retryAfter">The server's <c>Retry-After</c>, if it sent one.</param>
    /// <param name="body">The error body read into its documented type, if the spec documents one.</param>
    /// <param name="innerException">The failure that caused this one, if any.</param>
    public ApiException(HttpStatusCode statusCode, IReadOnlyList<string> errors, TimeSpan? estimatedTime = null, string? requestId = null, bool isLoading = false,
        TimeSpan? retryAfter = null, object? body = null, Exception? innerException = null)
        : base(Describe(statusCode, errors, estimatedTime, requestId), innerException)
    {
        Body = body;
        StatusCode = statusCode;
        Errors = errors;
        EstimatedTime = estimatedTime;
        RequestId = requestId;
        IsLoading = isLoading;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status code of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's error messages: one for a string, several for a list; never empty.</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>How long the server expects to need before it can answer, when it said so.</summary>
    public TimeSpan? EstimatedTime { get; }

    /// <summary>The server's request id, when it sent one.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// The error body read into the type the spec documents for this status (<c>errors.bodies</c>), e.g. a validation
    /// error's details; null when the spec documents none for it or the body did not match (the messages are in
    /// <see cref="Errors"/> either way). Secrets are scrubbed from the body before it is read.
    /// </summary>
    public object? Body { get; }

    /// <summary>How long the server asked the client to wait before retrying (its <c>Retry-After</c> header), when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the status is the spec's "loading, retry later" status (e.g. 503 while a model loads).</summary>
    public bool IsLoading { get; }

    private static string Describe(HttpStatusCode statusCode, IReadOnlyList<string> errors, TimeSpan? estimatedTime, string? requestId)
    {
        var sb = new StringBuilder();
        sb.Append("The API answered ").Append((int)statusCode).Append(" (").Append(statusCode).Append("): ");
        sb.Append(string.Join("; ", errors));
        if (estimatedTime is { } time)
        {
            sb.Append(" (estimated time ").Append(time.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)).Append(" s)");
        }
        if (requestId is not null) sb.Append(" [request id ").Append(requestId).Append(']');
        return sb.ToString();
    }
}
