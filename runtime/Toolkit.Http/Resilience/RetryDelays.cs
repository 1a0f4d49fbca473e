using System;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.Http.Resilience;

/// <summary>How long the server asks us to wait: its estimated time in a loading answer, or Retry-After.</summary>
internal static class RetryDelays
{
    public static async ValueTask<TimeSpan?> FromResponseAsync(HttpResponseMessage? response, int? loadingStatus, string? estimatedTimeField, TimeSpan maxDelay, CancellationToken cancellationToken)
    {
        if (response is null) return null;
        if (loadingStatus == (int)response.StatusCode && estimatedTimeField is not null)
        {
            // The body handler inside the pipeline has already buffered it, within the error body limit.
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            // Capped while still seconds: 1e12 s would overflow a TimeSpan.
            if (TryReadSeconds(body, estimatedTimeField) is { } seconds) return TimeSpan.FromSeconds(Math.Min(seconds, Math.Max(0, maxDelay.TotalSeconds)));
        }
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta) return Cap(delta, maxDelay);
            if (retryAfter.Date is { } date) return Cap(date - DateTimeOffset.UtcNow, maxDelay);
        }
        return null;
    }

    private static TimeSpan Cap(TimeSpan delay, TimeSpan max) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > max ? max : delay;

    private static double? TryReadSeconds(byte[] body, string field)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty(field, out var value)
                && value.ValueKind == JsonValueKind.Number
                && value.TryGetDouble(out var seconds)
                && double.IsFinite(seconds) && seconds >= 0)
            {
                return seconds;
            }
        }
        catch (JsonException)
        {
        }
        return null;
    }

    internal static string Format(TimeSpan delay) => delay.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
