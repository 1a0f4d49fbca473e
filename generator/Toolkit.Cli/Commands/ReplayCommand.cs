using System;
using System.Buffers;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Toolkit.Cli.Specs;
using Toolkit.Runtime.Errors;
using Toolkit.Testing.Replay;
using Toolkit.Testing.Routing;

namespace Toolkit.Cli.Commands;

/// <summary>
/// <c>toolkit replay --spec spec.json files...</c>: makes every recorded call again through the generated client and
/// prints what a caller receives.
/// </summary>
internal static class ReplayCommand
{
    private const int TextResultLimit = 400;
    private const int TextEventLimit = 10;

    private static string Truncate(string text, int limit) => text.Length <= limit ? text : text.Substring(0, limit) + "...";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "The spec file whose generated client replays the recordings.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per exchange (one per line): {file, exchange, operation, status, route, request, result | events | error | notCovered | ambiguous, mismatch}; see the README." };
        var operation = new Option<string[]>("--operation") { Description = "NAME: the operation (key or method name) that settles exchanges several operations fit; PATTERN=NAME: the same for the files whose name matches (* and ?), repeatable. A cassette may name its own." };
        var baseUrl = new Option<string[]>("--base-url") { Description = "A base URL the recordings were made against, besides the spec's own." };
        var files = new Argument<string[]>("files") { Description = "Cassettes or neutral exchange files (or folders of them).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("replay", "Replay recorded exchanges through the generated client: rebuild each typed call from the recorded request, answer it with the recorded response, check that the client sends what was recorded, and print the typed result (written back with the generated writer) or the typed error. Exits 0 when every routed exchange is read, 1 on a mismatch, a read failure or an ambiguous exchange, 2 on bad input.")
        {
            spec, json, operation, baseUrl, files,
        };
        command.SetAction((result, cancellationToken) => RunAsync(result.GetValue(spec)!, result.GetValue(files)!, result.GetValue(json), result.GetValue(operation) ?? Array.Empty<string>(),
            result.GetValue(baseUrl) ?? Array.Empty<string>(), output, error, cancellationToken));
        return command;
    }

    private static async System.Threading.Tasks.Task<int> RunAsync(FileInfo specFile, string[] inputs, bool json, string[] operationValues, string[] baseUrls,
        TextWriter output, TextWriter error, System.Threading.CancellationToken cancellationToken)
    {
        var run = RecordingRun.Prepare(specFile, inputs, operationValues, baseUrls, error);
        if (run is null) return ExitCodes.InvalidInput;
        var (operations, cassettes, operation, _) = run;

        var replayer = new ExchangeReplayer(operations, operation, baseUrls);
        int read = 0, failed = 0, notCovered = 0, ambiguous = 0, notRecorded = 0, notReproducible = 0;
        foreach (var (path, cassette) in cassettes)
        {
            for (var i = 0; i < cassette.Exchanges.Count; i++)
            {
                var outcome = await replayer.ReplayAsync(cassette.Exchanges[i], cancellationToken).ConfigureAwait(false);
                switch (outcome.Route.Kind)
                {
                    case RouteKind.NotCovered: notCovered++; break;
                    case RouteKind.Ambiguous: ambiguous++; break;
                    default:
                        if (outcome.IsRead) read++;
                        else failed++;
                        if (outcome.Request == RequestReplay.NotRecorded) notRecorded++;
                        if (outcome.Request == RequestReplay.NotReproducible) notReproducible++;
                        break;
                }
                output.WriteLine(json ? Json(path, i, cassette.Exchanges[i].Request, outcome) : Text(path, i, cassette.Exchanges[i].Request, outcome));
            }
        }
        if (!json)
        {
            output.WriteLine($"{read} read, {failed} failed, {ambiguous} ambiguous, {notCovered} not covered"
                + (notRecorded + notReproducible > 0 ? $"; {notRecorded} request(s) not recorded, {notReproducible} not reproducible (their answers read without them)." : "."));
        }
        return failed == 0 && ambiguous == 0 ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    private static string Text(string path, int index, Toolkit.Testing.Cassettes.RecordedRequest request, ReplayOutcome outcome)
    {
        var sb = new StringBuilder($"{path} exchanges[{index}] ");
        switch (outcome.Route.Kind)
        {
            case RouteKind.NotCovered:
                return sb.Append($"not covered: {request.Method} {request.Url}").ToString();
            case RouteKind.Ambiguous:
                return sb.Append($"ambiguous: {request.Method} {request.Url} fits {string.Join(", ", outcome.Route.Candidates.Select(c => c.OperationName))}; name one with --operation").ToString();
        }
        sb.Append($"{outcome.Operation!.OperationName} {outcome.Status}: ");
        if (outcome.Request == RequestReplay.NotRecorded) sb.Append("request not recorded; ");
        if (outcome.Request == RequestReplay.NotReproducible) sb.Append("request not reproducible (the typed client cannot make it: ").Append(Describe(outcome.RequestError!)).Append("); ");
        if (outcome.WrittenEvents is { } events)
        {
            sb.Append($"{events.Count} event(s)");
            foreach (var e in events.Take(TextEventLimit)) sb.Append("\n    event ").Append(Truncate(Encoding.UTF8.GetString(e), TextResultLimit));
            if (events.Count > TextEventLimit) sb.Append($"\n    ... {events.Count - TextEventLimit} more");
            if (outcome.Error is { } streamError) sb.Append("\n    then error ").Append(Describe(streamError));
        }
        else if (outcome.Error is { } e) sb.Append("error ").Append(Describe(e));
        else sb.Append("result ").Append(ResultText(outcome, TextResultLimit));
        if (outcome.Route.Reason.StartsWith("shape", StringComparison.Ordinal)) sb.Append("\n    routed by ").Append(outcome.Route.Reason);
        if (outcome.Route.AlternativePath is { } alternative) sb.Append($"\n    recorded at {alternative}, an alternative path of the operation; the client sends to {outcome.Operation.PathTemplate}");
        if (outcome.Requests > 1) sb.Append($"\n    the client sent {outcome.Requests} requests, not 1");
        foreach (var d in outcome.Differences) sb.Append("\n    sent differs: ").Append(d);
        return sb.ToString();
    }

    private static string Json(string path, int index, Toolkit.Testing.Cassettes.RecordedRequest request, ReplayOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("file", path);
            w.WriteNumber("exchange", index);
            if (outcome.Operation is { } op) w.WriteString("operation", op.OperationName);
            else w.WriteNull("operation");
            w.WriteNumber("status", outcome.Status);
            if (outcome.Route.Kind == RouteKind.Routed)
            {
                w.WriteString("route", outcome.Route.Reason);
                if (outcome.Route.AlternativePath is { } alternative) w.WriteString("alternativePath", alternative);
                w.WriteString("request", outcome.Request switch { RequestReplay.NotRecorded => "not recorded", RequestReplay.NotReproducible => "not reproducible", _ => "sent" });
                if (outcome.RequestError is { } requestError) w.WriteString("requestError", Describe(requestError));
            }
            switch (outcome.Route.Kind)
            {
                case RouteKind.NotCovered:
                    w.WriteString("notCovered", $"{request.Method} {request.Url}");
                    break;
                case RouteKind.Ambiguous:
                    w.WriteStartArray("ambiguous");
                    foreach (var c in outcome.Route.Candidates) w.WriteStringValue(c.OperationName);
                    w.WriteEndArray();
                    break;
                default:
                    if (outcome.WrittenEvents is { } events)
                    {
                        w.WriteStartArray("events");
                        foreach (var item in events) w.WriteRawValue(item, skipInputValidation: false);
                        w.WriteEndArray();
                    }
                    if (outcome.Error is { } e)
                    {
                        w.WriteStartObject("error");
                        w.WriteString("type", e.GetType().Name);
                        if (e is ApiException api) w.WriteNumber("status", (int)api.StatusCode);
                        w.WriteString("message", e.Message);
                        w.WriteEndObject();
                    }
                    else if (outcome.WrittenEvents is not null)
                    {
                    }
                    else if (IsBinary(outcome))
                    {
                        var bytes = outcome.WrittenResult!;
                        w.WriteStartObject("result");
                        w.WriteNumber("bytes", bytes.Length);
                        w.WriteString("sha256", Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant());
                        w.WriteEndObject();
                    }
                    else
                    {
                        w.WritePropertyName("result");
                        w.WriteRawValue(outcome.WrittenResult!, skipInputValidation: false);
                    }
                    if (outcome.Differences.Count > 0 || (outcome.Requests != 1 && outcome.Request == RequestReplay.Sent))
                    {
                        w.WriteStartArray("mismatch");
                        if (outcome.Requests != 1) w.WriteStringValue($"the client sent {outcome.Requests} requests, not 1");
                        foreach (var d in outcome.Differences) w.WriteStringValue(d.ToString());
                        w.WriteEndArray();
                    }
                    break;
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static bool IsBinary(ReplayOutcome outcome) => outcome.Operation!.ResponseJsonSchema is null;

    private static string ResultText(ReplayOutcome outcome, int limit)
    {
        var bytes = outcome.WrittenResult!;
        if (IsBinary(outcome)) return $"{bytes.Length} bytes ({outcome.Operation!.ResponseContentType}), sha256 {Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()}";
        var text = Encoding.UTF8.GetString(bytes);
        return text.Length <= limit ? text : text.Substring(0, limit) + $"... ({bytes.Length} bytes)";
    }

    private static string Describe(Exception e) => e is ApiException api
        ? $"{e.GetType().Name} {(int)api.StatusCode}: {e.Message}"
        : $"{e.GetType().Name}: {e.Message}";
}
