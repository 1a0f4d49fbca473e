using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Toolkit.Testing.Contracts;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Masks;
using Toolkit.Runtime.Transport;
using Toolkit.Testing.Cassettes;
using Toolkit.Testing.Routing;

namespace Toolkit.Testing.Verification;

/// <summary>
/// Checks recorded exchanges against a spec's contract: documented status, content type, the JSON Schema of the
/// body (required fields, types, enum values, ranges, nullability), every mask a decodable PNG, and that the
/// generated reader and validator accept the body. Each fault is reported once, at its JSON Pointer.
/// </summary>
public sealed class ContractVerifier
{
    /// <summary>Bodies nest at most this deep to be checked (the generated readers stop at 64).</summary>
    private const int MaxDepth = 256;

    private readonly OperationRouter _router;
    private readonly string? _operation;
    private readonly MaskDecodeOptions _maskOptions;
    private readonly TransportLimits _limits;
    private readonly Dictionary<IApiContract, (SchemaValidator? Response, SchemaValidator? Error, SchemaValidator? Event)> _schemas = new();

    /// <summary>A verifier for one contract, e.g. <c>ImageSegmentationContract.Instance</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: one contract or a list of them.")]
    public ContractVerifier(IApiContract contract, MaskDecodeOptions? maskOptions = null)
        : this(new[] { contract ?? throw new ArgumentNullException(nameof(contract)) }, maskOptions)
    {
    }

    /// <summary>
    /// A verifier for a whole API's operations (e.g. <c>HfInferenceContract.Operations</c>): each exchange is routed
    /// to its operation by method and path (<see cref="OperationRouter"/>); <paramref name="operation"/> settles
    /// exchanges that fit several; <paramref name="baseUrls"/> adds bases the recordings were made against.
    /// </summary>
    /// <param name="operations">The API's operations.</param>
    /// <param name="maskOptions">The limits masks are decoded within.</param>
    /// <param name="operation">The operation that settles exchanges several operations fit.</param>
    /// <param name="baseUrls">Bases the recordings were made against, besides the API's own.</param>
    /// <param name="limits">The body sizes the client reads (<see cref="TransportLimits.MaxResponseBytes"/> for a success,
    /// <see cref="TransportLimits.MaxErrorResponseBytes"/> for an error): a larger recorded body is <c>too-large</c>, as the client refuses it.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026", Justification = "The overloads never compete: one contract or a list of them.")]
    public ContractVerifier(IEnumerable<IApiContract> operations, MaskDecodeOptions? maskOptions = null, string? operation = null, IEnumerable<string>? baseUrls = null,
        TransportLimits? limits = null)
    {
        _limits = limits ?? new TransportLimits();
        _router = new OperationRouter(operations ?? throw new ArgumentNullException(nameof(operations)), baseUrls);
        if (_router.Operations.Count == 0) throw new ArgumentException("No operation to verify against.", nameof(operations));
        _operation = operation;
        _maskOptions = maskOptions ?? MaskDecodeOptions.Default;
    }

    private (SchemaValidator? Response, SchemaValidator? Error, SchemaValidator? Event) SchemasOf(IApiContract contract)
    {
        if (!_schemas.TryGetValue(contract, out var schemas))
        {
            schemas = (contract.ResponseJsonSchema is { } r ? new SchemaValidator(r) : null,
                contract.ErrorJsonSchema is { } e ? new SchemaValidator(e) : null,
                contract.StreamEventJsonSchema is { } s ? new SchemaValidator(s) : null);
            _schemas[contract] = schemas;
        }
        return schemas;
    }

    /// <summary>Checks one cassette; <paramref name="source"/> names it in the report.</summary>
    public VerificationReport Verify(Cassette cassette, string source) => Verify(new[] { (source, cassette) });

    /// <summary>Checks several cassettes into one report.</summary>
    public VerificationReport Verify(IEnumerable<(string Source, Cassette Cassette)> cassettes)
    {
        ArgumentNullException.ThrowIfNull(cassettes);
        var violations = new List<ContractViolation>();
        var unrouted = new List<UnroutedExchange>();
        var routes = new List<RoutedExchange>();
        var notes = new List<string>();
        int files = 0, exchanges = 0;
        var first = _router.Operations[0];
        foreach (var (source, cassette) in cassettes)
        {
            files++;
            if (cassette.Spec is { } spec && (spec.Name != first.SpecName || spec.Version != first.SpecVersion))
            {
                notes.Add($"{source} was recorded under {spec.Name} {spec.Version}; checked against {first.SpecName} {first.SpecVersion}.");
            }
            for (var i = 0; i < cassette.Exchanges.Count; i++)
            {
                var exchange = cassette.Exchanges[i];
                var route = _router.Route(exchange, exchange.Operation ?? _operation);
                if (route.Kind != RouteKind.Routed)
                {
                    unrouted.Add(new UnroutedExchange(source, i, exchange.Request.Method, exchange.Request.Url, route.Kind,
                        route.Candidates.Select(c => c.OperationName).ToList()));
                    continue;
                }
                exchanges++;
                routes.Add(new RoutedExchange(source, i, route.Contract!.OperationName, route.Reason, route.AlternativePath));
                violations.AddRange(Check(route.Contract!, source, i, exchange.Response));
            }
        }
        return new VerificationReport(first.SpecName, first.SpecVersion, files, exchanges, violations, notes, unrouted) { Routes = routes };
    }

    private List<ContractViolation> Check(IApiContract contract, string source, int index, RecordedResponse response)
    {
        var (responseSchema, errorSchema, eventSchema) = SchemasOf(contract);
        var found = new List<ContractViolation>();
        void Add(ViolationKind kind, string pointer, string expected, string actual)
        {
            var v = new ContractViolation(source, index, response.Status, kind, pointer, expected, actual) { Operation = contract.OperationName };
            if (!found.Contains(v)) found.Add(v);
        }

        var success = contract.SuccessStatuses.Contains(response.Status);
        var error = !success && contract.ErrorStatuses.Contains(response.Status);
        if (!success && !error)
        {
            Add(ViolationKind.UndocumentedStatus, "", "one of " + string.Join(", ", contract.SuccessStatuses.Concat(contract.ErrorStatuses)), response.Status.ToString(CultureInfo.InvariantCulture));
            return found;
        }

        // The client's limits: a body it would refuse is not read here either.
        var body = response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty;
        var limit = success ? _limits.MaxResponseBytes : _limits.MaxErrorResponseBytes;
        if (body.Length > limit)
        {
            Add(ViolationKind.TooLarge, "", $"at most {limit} bytes (the client's {(success ? nameof(TransportLimits.MaxResponseBytes) : nameof(TransportLimits.MaxErrorResponseBytes))})", $"{body.Length} bytes");
            return found;
        }

        if (success && Streams.RecordedEvents.IsEventStream(response))
        {
            if (eventSchema is not null)
            {
                CheckStream(contract, eventSchema, body, Add);
                return found;
            }
            // A stream where the spec documents none: the content type says it all; its events are not JSON bodies.
            Add(ViolationKind.WrongContentType, "", contract.ResponseContentType, (Header(response, "Content-Type") ?? "text/event-stream") + " (the spec documents no streamed answer)");
            return found;
        }

        var schema = success ? responseSchema : errorSchema;
        var expectedType = success ? contract.ResponseContentType : "application/json";
        if (success || schema is not null)
        {
            // The client's rule, so that the two agree: no Content-Type contradicts nothing.
            var actualType = Header(response, "Content-Type");
            if (!Toolkit.Runtime.Transport.MediaTypes.Accepts(expectedType, actualType))
            {
                Add(ViolationKind.WrongContentType, "", expectedType, actualType!);
            }
        }
        if (schema is null) return found;

        using var document = Parse(body, out var malformed);
        if (document is null)
        {
            Add(ViolationKind.MalformedJson, "", "a JSON body", malformed);
            return found;
        }
        var masks = success ? new List<(string Pointer, string Base64)>() : null;
        foreach (var f in schema.Validate(document.RootElement, masks)) Add(KindOf(f.Kind), f.Pointer, f.Expected, Actual(f.Actual));
        if (success)
        {
            CheckMasks(masks!, Add);
            CheckGeneratedCode(contract, body, found, Add);
        }
        return found;
    }

    /// <summary>
    /// A streamed answer: each event's data against the event schema and through the generated event reader, with
    /// pointers under <c>/events/{index}</c>; the end marker, when the operation has one, must come.
    /// </summary>
    private static void CheckStream(IApiContract contract, SchemaValidator schema, ReadOnlyMemory<byte> body, Action<ViolationKind, string, string, string> add)
    {
        var events = Streams.RecordedEvents.Split(body);
        var ended = false;
        for (var i = 0; i < events.Count; i++)
        {
            var at = "/events/" + i.ToString(CultureInfo.InvariantCulture);
            void AddAt(ViolationKind kind, string pointer, string expected, string actual) => add(kind, at + pointer, expected, actual);
            var data = events[i].Data;
            if (contract.StreamSentinel is { } sentinel && System.Text.Encoding.UTF8.GetString(data) == sentinel)
            {
                ended = true;
                break;
            }
            using var document = Parse(data, out var malformed);
            if (document is null)
            {
                AddAt(ViolationKind.MalformedJson, "", "an event whose data is JSON", malformed);
                continue;
            }
            // As for whole bodies: a reader failure the schema already explains is not reported twice.
            var explained = new List<string>();
            foreach (var f in schema.Validate(document.RootElement))
            {
                explained.Add(f.Pointer);
                AddAt(KindOf(f.Kind), f.Pointer, f.Expected, Actual(f.Actual));
            }
            try
            {
                contract.DeserializeEvent(data);
            }
            catch (JsonPayloadException e)
            {
                var pointer = JsonPointers.FromJsonPath(e.Path);
                if (!explained.Any(p => JsonPointers.Related(p, pointer))) AddAt(ViolationKind.NotDeserializable, pointer, e.Expected, e.Actual);
            }
        }
        if (contract.StreamSentinel is { } marker && !ended)
        {
            add(ViolationKind.IncompleteStream, "/events/" + events.Count.ToString(CultureInfo.InvariantCulture), "the end marker " + marker, events.Count + " event(s), then the end of the body");
        }
    }

    /// <summary>Every mask the schema marks must be base64 of a PNG the runtime's decoder reads, within its limits.</summary>
    private void CheckMasks(List<(string Pointer, string Base64)> masks, Action<ViolationKind, string, string, string> add)
    {
        foreach (var (pointer, text) in masks)
        {
            var buffer = new byte[text.Length * 3 / 4 + 3];
            if (!Convert.TryFromBase64String(text, buffer, out var written))
            {
                add(ViolationKind.InvalidMask, pointer, "base64 text", text.Length == 0 ? "an empty string" : "text that is not base64");
                continue;
            }
            try
            {
                PngMaskDecoder.Decode(buffer.AsSpan(0, written), _maskOptions);
            }
            catch (MaskFormatException e)
            {
                add(ViolationKind.InvalidMask, pointer, "a PNG mask", e.Message);
            }
        }
    }

    private static void CheckGeneratedCode(IApiContract contract, ReadOnlyMemory<byte> body, List<ContractViolation> found, Action<ViolationKind, string, string, string> add)
    {
        bool Known(string pointer) => found.Any(v => JsonPointers.Related(v.Pointer, pointer));
        object response;
        try
        {
            response = contract.DeserializeResponse(body);
        }
        catch (JsonPayloadException e)
        {
            var pointer = JsonPointers.FromJsonPath(e.Path);
            if (!Known(pointer)) add(ViolationKind.NotDeserializable, pointer, e.Expected, e.Actual);
            return;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
        {
            if (!Known("")) add(ViolationKind.NotDeserializable, "", "a body the generated client reads", e.Message);
            return;
        }
        foreach (var rule in contract.ValidateResponse(response))
        {
            var pointer = JsonPointers.FromJsonPath(rule.Path);
            if (!Known(pointer)) add(ViolationKind.RuleBroken, pointer, rule.Message, "a value that breaks it");
        }
    }

    private static ViolationKind KindOf(FaultKind kind) => kind switch
    {
        FaultKind.UnexpectedNull => ViolationKind.UnexpectedNull,
        FaultKind.MissingField => ViolationKind.MissingField,
        FaultKind.NotInEnum => ViolationKind.NotInEnum,
        FaultKind.OutOfRange => ViolationKind.OutOfRange,
        _ => ViolationKind.WrongType,
    };

    /// <summary>What a recorded value is, in a report: its JSON (strings quoted), shortened.</summary>
    private static string Actual(JsonElement? value) => value switch
    {
        null => "missing",
        { ValueKind: JsonValueKind.Null } => "null",
        { ValueKind: JsonValueKind.Object } => "an object",
        { ValueKind: JsonValueKind.Array } => "an array",
        { ValueKind: JsonValueKind.String } v => SchemaValidator.Text(v) is { } text ? "\"" + Truncate(text) + "\"" : Truncate(v.GetRawText()),
        { } v => Truncate(v.GetRawText()),
    };

    private static string Truncate(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static string? Header(RecordedResponse response, string name)
        => response.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>The body as JSON, or null with what is wrong (JSON is UTF-8, RFC 8259: a body that is not is malformed, whatever a lenient parser makes of it).</summary>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> body, out string problem)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            var at = 0;
            var span = body.Span;
            while (at < span.Length && System.Text.Rune.DecodeFromUtf8(span[at..], out _, out var used) == System.Buffers.OperationStatus.Done) at += used;
            problem = $"invalid UTF-8 at byte {at}";
            return null;
        }
        try
        {
            problem = "";
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            problem = body.IsEmpty ? "an empty body"
                : e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $"JSON nested deeper than {MaxDepth}"
                : $"invalid JSON at byte {e.BytePositionInLine} of line {e.LineNumber + 1}";
            return null;
        }
    }
}
