using System;
using Microsoft.Extensions.Logging;

namespace Toolkit.Http.Logging;

/// <summary>The log events of registered clients (category <c>Toolkit.Http.{client name}</c>). None carries a header or a body.</summary>
internal static partial class ToolkitLog
{
    [LoggerMessage(EventId = 1, EventName = "RequestSent", Level = LogLevel.Debug, Message = "{Client}: sending {Method} {Url}")]
    public static partial void RequestSent(ILogger logger, string client, string method, string url);

    [LoggerMessage(EventId = 2, EventName = "ResponseReceived", Level = LogLevel.Information, Message = "{Client}: {Method} {Url} answered {Status} in {ElapsedMs} ms")]
    public static partial void ResponseReceived(ILogger logger, string client, string method, string url, int status, long elapsedMs);

    [LoggerMessage(EventId = 3, EventName = "Retry", Level = LogLevel.Warning, Message = "{Client}: retry {Attempt} after {Delay} ({Reason})")]
    public static partial void Retry(ILogger logger, string client, int attempt, string delay, string reason);

    [LoggerMessage(EventId = 4, EventName = "RequestFailed", Level = LogLevel.Error, Message = "{Client}: {Method} {Url} failed: {Reason}")]
    public static partial void RequestFailed(ILogger logger, string client, string method, string url, string reason);
}
