using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Telemetry;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Sends a generated client's requests over the caller's <see cref="HttpClient"/>: maps error answers to
/// <see cref="ApiException"/> and connection failures to <see cref="ApiConnectionException"/>, checks the success
/// content type, applies the bounded loading retry and keeps every attempt within its <see cref="TransportLimits"/>
/// (time and size, the body included) and the whole call within the caller's <see cref="HttpClient.Timeout"/> too.
/// </summary>
public sealed class ApiTransport
{
    private static readonly TransportLimits DefaultLimits = new();

    private readonly HttpClient _httpClient;
    private readonly ApiErrorFormat _errorFormat;
    private readonly string _successContentType;

    /// <summary>Creates a transport over <paramref name="httpClient"/>, which stays the caller's to dispose.</summary>
    public ApiTransport(HttpClient httpClient, ApiErrorFormat errorFormat, string successContentType)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _errorFormat = errorFormat ?? throw new ArgumentNullException(nameof(errorFormat));
        _successContentType = successContentType;
    }

    /// <summary>
    /// Sends the request that <paramref name="createRequest"/> builds (called again for each retry) and reads a
    /// successful answer with <paramref name="read"/>: the send stage, then the buffered read stage.
    /// </summary>
    /// <param name="createRequest">Builds a fresh request; called once per attempt.</param>
    /// <param name="read">Reads the body of a successful answer.</param>
    /// <param name="retry">The loading retry policy, or null for none.</param>
    /// <param name="secret">The caller's token, scrubbed from any error message that echoes it.</param>
    /// <param name="limits">Timeouts and body sizes; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the whole call, retries included.</param>
    /// <param name="operation">The operation, for the call's activity and metrics (<see cref="ApiTelemetry"/>); null names the call by its method only.</param>
    /// <exception cref="ApiException">The API answered with an error status.</exception>
    /// <exception cref="ApiTimeoutException">An attempt, the whole call or the loading retry took too long.</exception>
    /// <exception cref="ApiConnectionException">The service could not be reached, or a body was cut short.</exception>
    /// <exception cref="ResponseTooLargeException">A body is larger than the limit for its kind.</exception>
    /// <exception cref="JsonPayloadException">The success body does not match the spec.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: this one takes a reader the other has not.")]
    public async Task<T> SendAsync<T>(
        Func<HttpRequestMessage> createRequest,
        ApiResponseReader<T> read,
        LoadingRetryOptions? retry,
        string? secret,
        TransportLimits? limits,
        CancellationToken cancellationToken,
        ApiOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(read);
        using var response = await SendAsync(createRequest, retry, secret, limits, cancellationToken, operation).ConfigureAwait(false);
        try
        {
            return await ReadAsync(response, read).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            response.Call?.Fail(e); // recorded when the response is disposed
            throw;
        }
    }

    /// <summary>
    /// The send stage: sends (again for each loading retry), maps error answers to <see cref="ApiException"/> and
    /// checks the success content type, all within the limits. The body of a success is left for a read stage
    /// (<see cref="ReadAsync{T}"/> for a whole body); the returned response keeps the call's timeouts running, and its
    /// activity (<see cref="ApiTelemetry"/>), which ends when it is disposed: after the body, or the stream's last event.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: this one takes a reader the other has not.")]
    public async Task<ApiResponse> SendAsync(
        Func<HttpRequestMessage> createRequest,
        LoadingRetryOptions? retry,
        string? secret,
        TransportLimits? limits,
        CancellationToken cancellationToken,
        ApiOperation? operation = null)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        // Started here, so that HttpClient's activity for each attempt is its child.
        var call = ApiCall.Start(operation);
        try
        {
            return await SendCoreAsync(createRequest, retry, secret, limits, call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            call?.End(e);
            throw;
        }
    }

    private async Task<ApiResponse> SendCoreAsync(
        Func<HttpRequestMessage> createRequest,
        LoadingRetryOptions? retry,
        string? secret,
        TransportLimits? limits,
        ApiCall? call,
        CancellationToken cancellationToken)
    {
        limits ??= DefaultLimits;
        limits.Validate();
        var attempt = 1;
        var askServerToWait = false;
        // One cancellation source and one timer for every limit of the call (CallClock).
        var clock = new CallClock(limits, CallDeadline.Of(limits, _httpClient), cancellationToken);
        var handedOver = false;
        try
        {
            while (true)
            {
                ApiException error;
                clock.StartAttempt();
                Uri? target = null;
                using (var request = createRequest())
                {
                    target = request.RequestUri;
                    call?.Attempt(request);
                    if (askServerToWait && _errorFormat.LoadingRetryHeader is { } waitHeader)
                    {
                        request.Headers.Remove(waitHeader);
                        request.Headers.TryAddWithoutValidation(waitHeader, "true");
                    }
                    HttpResponseMessage response;
                    try
                    {
                        response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clock.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is HttpRequestException or System.IO.IOException && e is not ApiConnectionException && !clock.Token.IsCancellationRequested)
                    {
                        // Name resolution, a refused or reset connection, TLS; or (a handler that reads bodies) a body cut short.
                        throw ApiConnectionException.NoAnswer(target, e, secret);
                    }
                    catch (OperationCanceledException e) when (e.InnerException is TimeoutException && !clock.Token.IsCancellationRequested)
                    {
                        // HttpClient's own timer, which starts with each send, fired before the call's (started with the call).
                        throw new ApiTimeoutException("HttpClient.Timeout", _httpClient.Timeout,
                            $"The attempt took longer than the HttpClient's Timeout ({Seconds(_httpClient.Timeout)}); the call was abandoned.", e);
                    }
                    call?.Answered((int)response.StatusCode);
                    if (response.IsSuccessStatusCode)
                    {
                        try
                        {
                            CheckContentType(response.Content.Headers.ContentType, secret);
                        }
                        catch
                        {
                            response.Dispose();
                            throw;
                        }
                        handedOver = true; // the clock keeps running for the read stage, which disposes it
                        return new ApiResponse(response, limits, secret, clock) { Call = call };
                    }
                    using (response)
                    {
                        var body = await ResponseBodies.ReadAsync(response, limits.MaxErrorResponseBytes, nameof(TransportLimits.MaxErrorResponseBytes),
                            secret, clock.Token).ConfigureAwait(false);
                        error = ErrorBodyParser.Create(response, body.Span, _errorFormat, secret);
                    }
                }
                clock.EndAttempt();

                if (!error.IsLoading || retry is not { Enabled: true } || attempt >= retry.MaxAttempts)
                {
                    throw error;
                }
                clock.LastLoading(error.Message);
                if (attempt == 1) clock.StartLoading(retry.Timeout);
                // First retry: at once, asking the server to hold the request until the model is ready.
                // Later ones (or without such a header): wait the server's estimate, bounded.
                var delay = !askServerToWait && _errorFormat.LoadingRetryHeader is not null
                    ? TimeSpan.Zero
                    : Min(error.EstimatedTime ?? error.RetryAfter ?? TimeSpan.FromSeconds(1), retry.MaxDelay);
                askServerToWait = _errorFormat.LoadingRetryHeader is not null;
                attempt++;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, clock.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (clock.TimedOut(e) is { } timeout)
        {
            throw timeout;
        }
        finally
        {
            if (!handedOver) clock.Dispose();
        }
    }

    /// <summary>
    /// The read stage for a whole body (JSON or bytes): reads it within the call's limits and timeouts, then with
    /// <paramref name="read"/>. A stream of events would be another read stage over the same response.
    /// </summary>
    public static async Task<T> ReadAsync<T>(ApiResponse response, ApiResponseReader<T> read)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(read);
        ReadOnlyMemory<byte> body;
        try
        {
            body = await ResponseBodies.ReadAsync(response.Message, response.Limits.MaxResponseBytes, nameof(TransportLimits.MaxResponseBytes),
                response.Secret, pooled: true, response.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (response.Clock.TimedOut(e) is { } timeout)
        {
            throw timeout;
        }
        if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment) || segment.Array is not { Length: > 0 } rented)
        {
            return ReadScrubbed(read, body, response.Secret);
        }
        // The body is a rented buffer: it goes back to the pool once a generated reader has read it into values that
        // keep none of it (PooledBodies); otherwise it is left to the garbage collector.
        var outer = PooledBodies.Enter(rented);
        T result;
        bool release;
        try
        {
            result = ReadScrubbed(read, body, response.Secret);
        }
        finally
        {
            release = PooledBodies.Exit(outer);
        }
        if (release) PooledBodies.Return(body);
        return result;
    }

    /// <summary>
    /// Reads the body; a <see cref="JsonPayloadException"/> that quotes the caller's token (a server echoing it into
    /// a value) is rethrown without it.
    /// </summary>
    private static T ReadScrubbed<T>(ApiResponseReader<T> read, ReadOnlyMemory<byte> body, string? secret)
    {
        try
        {
            return read(body);
        }
        catch (JsonPayloadException e) when (!string.IsNullOrEmpty(secret) && (e.Path.Contains(secret, StringComparison.Ordinal) || e.Actual.Contains(secret, StringComparison.Ordinal)))
        {
            throw new JsonPayloadException(Secrets.Scrub(e.Path, secret), e.Expected, Secrets.Scrub(e.Actual, secret));
        }
    }

    private void CheckContentType(MediaTypeHeaderValue? contentType, string? secret)
    {
        var actual = contentType?.MediaType;
        if (!MediaTypes.Accepts(_successContentType, actual))
        {
            throw new JsonPayloadException("$", "content type " + _successContentType, "content type " + Secrets.Scrub(actual!, secret));
        }
    }

    internal static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
