using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;

namespace Toolkit.Runtime.Errors;

/// <summary>Turns an error answer into an <see cref="ApiException"/>, whatever its body looks like.</summary>
internal static class ErrorBodyParser
{
    /// <summary>A non-JSON body (an HTML proxy page, say) is quoted up to this many characters.</summary>
    private const int MaxQuotedChars = 500;

    /// <summary>
    /// The longest wait the client believes from a server (estimated time, Retry-After). Capped while still a
    /// number of seconds, so that an absurd value cannot overflow a <see cref="TimeSpan"/>.
    /// </summary>
    internal static readonly TimeSpan MaxServerDelay = TimeSpan.FromDays(1);

    public static ApiException Create(HttpResponseMessage response, ReadOnlySpan<byte> body, ApiErrorFormat format, string? secret, Exception? inner = null)
    {
        var (errors, estimated) = Parse(body, format);
        if (errors.Count == 0)
        {
            errors.Add(string.IsNullOrEmpty(response.ReasonPhrase) ? "no error message" : response.ReasonPhrase!);
        }
        // A server that echoes the Authorization header must not put the token into logs through us.
        for (var i = 0; i < errors.Count; i++) errors[i] = Secrets.Scrub(errors[i], secret);
        string? requestId = null;
        if (format.RequestIdHeader is { } header && response.Headers.TryGetValues(header, out var values))
        {
            requestId = Secrets.Scrub(string.Join(",", values), secret);
        }
        var isLoading = format.LoadingStatus == (int)response.StatusCode;
        return new ApiException(response.StatusCode, errors, estimated, requestId, isLoading, RetryAfter(response), TypedBody(format, (int)response.StatusCode, body, secret), inner);
    }

    /// <summary>The body in its documented type, read from the body with its secrets scrubbed; null when it does not match.</summary>
    private static object? TypedBody(ApiErrorFormat format, int status, ReadOnlySpan<byte> body, string? secret)
    {
        if (format.BodyReader is not { } reader || body.IsEmpty) return null;
        var scrubbed = Secrets.ScrubBytes(body.ToArray(), string.IsNullOrEmpty(secret) ? null : new[] { secret });
        try
        {
            return reader(status, scrubbed);
        }
        catch (Json.JsonPayloadException)
        {
            return null; // the documented shape did not come; the messages still say what went wrong
        }
    }

    /// <summary>The Retry-After header as a delay from now (a date in the past is zero), capped.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } retryAfter) return null;
        var delay = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
        if (delay is not { } d) return null;
        return d < TimeSpan.Zero ? TimeSpan.Zero : d > MaxServerDelay ? MaxServerDelay : d;
    }

    /// <summary>Seconds as a delay, capped at <paramref name="max"/> before conversion; null when not a finite non-negative number.</summary>
    internal static TimeSpan? Seconds(double seconds, TimeSpan max)
        => double.IsFinite(seconds) && seconds >= 0 ? TimeSpan.FromSeconds(Math.Min(seconds, max.TotalSeconds)) : null;

    internal static (List<string> Errors, TimeSpan? EstimatedTime) Parse(ReadOnlySpan<byte> body, ApiErrorFormat format)
    {
        var errors = new List<string>();
        TimeSpan? estimated = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals(format.MessageField))
                    {
                        reader.Read();
                        ReadMessages(ref reader, errors);
                    }
                    else if (format.EstimatedTimeField is { } field && reader.ValueTextEquals(field))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds))
                        {
                            estimated = Seconds(seconds, MaxServerDelay);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                return (errors, estimated);
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall through and quote the text.
        }
        catch (InvalidOperationException)
        {
            // JSON whose strings are not valid UTF-8: quote the text as it is (invalid bytes become U+FFFD).
        }
        errors.Clear();
        estimated = null;
        var text = Encoding.UTF8.GetString(body.Length > MaxQuotedChars * 4 ? body.Slice(0, MaxQuotedChars * 4) : body).Trim();
        if (text.Length > MaxQuotedChars) text = text.Substring(0, MaxQuotedChars) + "...";
        if (text.Length > 0) errors.Add(text);
        return (errors, estimated);
    }

    /// <summary>The message field is a string or a list of strings; anything else is quoted as JSON.</summary>
    private static void ReadMessages(ref Utf8JsonReader reader, List<string> errors)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                errors.Add(reader.GetString()!);
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        errors.Add(reader.GetString()!);
                    }
                    else
                    {
                        errors.Add(RawJson(ref reader));
                    }
                }
                break;
            case JsonTokenType.Null:
                break;
            default:
                errors.Add(RawJson(ref reader));
                break;
        }
    }

    private static string RawJson(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}
