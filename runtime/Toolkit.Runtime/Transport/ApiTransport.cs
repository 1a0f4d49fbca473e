using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Toolkit.Runtime.Errors;

namespace Toolkit.Runtime.Transport;

/// <summary>
/// Sends a generated client's requests over the caller's <see cref="HttpClient"/>: maps error answers to
/// <see cref="ApiException"/>, checks the success content type and applies the bounded loading retry.
/// </summary>
public sealed class ApiTransport
{
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
    /// successful answer with <paramref name="read"/>.
    /// </summary>
    /// <param name="createRequest">Builds a fresh request; called once per attempt.</param>
    /// <param name="read">Reads the body of a successful answer.</param>
    /// <param name="retry">The loading retry policy, or null for none.</param>
    /// <param name="secret">The caller's token, scrubbed from any error message that echoes it.</param>
    /// <param name="cancellationToken">Cancels the whole call, retries included.</param>
    public async Task<T> SendAsync<T>(
        Func<HttpRequestMessage> createRequest,
        ApiResponseReader<T> read,
        LoadingRetryOptions? retry,
        string? secret,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(createRequest);
        ArgumentNullException.ThrowIfNull(read);
        var attempt = 1;
        var askServerToWait = false;
        CancellationTokenSource? loadingTimeout = null;
        ApiException? lastLoading = null;
        try
        {
            while (true)
            {
                var token = loadingTimeout?.Token ?? cancellationToken;
                using var request = createRequest();
                if (askServerToWait && _errorFormat.LoadingRetryHeader is { } waitHeader)
                {
                    request.Headers.Remove(waitHeader);
                    request.Headers.TryAddWithoutValidation(waitHeader, "true");
                }
                using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    CheckContentType(response.Content.Headers.ContentType);
                    return read(body);
                }

                var error = ErrorBodyParser.Create(response, body, _errorFormat, secret);
                if (!error.IsLoading || retry is not { Enabled: true } || attempt >= retry.MaxAttempts)
                {
                    throw error;
                }
                lastLoading = error;
                if (loadingTimeout is null)
                {
                    loadingTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    loadingTimeout.CancelAfter(retry.Timeout);
                }
                // First retry: at once, asking the server to hold the request until the model is ready.
                // Later ones (or without such a header): wait the server's estimate, bounded.
                var delay = !askServerToWait && _errorFormat.LoadingRetryHeader is not null
                    ? TimeSpan.Zero
                    : Min(error.EstimatedTime ?? TimeSpan.FromSeconds(1), retry.MaxDelay);
                askServerToWait = _errorFormat.LoadingRetryHeader is not null;
                attempt++;
                if (delay > TimeSpan.Zero) await Task.Delay(delay, loadingTimeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException e) when (loadingTimeout is { IsCancellationRequested: true } && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"The service was still loading after the retry timeout ({retry!.Timeout.TotalSeconds:0} s): {lastLoading?.Message}", e);
        }
        finally
        {
            loadingTimeout?.Dispose();
        }
    }

    private void CheckContentType(MediaTypeHeaderValue? contentType)
    {
        if (contentType?.MediaType is not { } actual) return; // no header: nothing to contradict
        if (!MediaTypes.Matches(_successContentType, actual))
        {
            throw new Json.JsonPayloadException("$", "content type " + _successContentType, "content type " + actual);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
