using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using Toolkit.Runtime.Contracts;
using Toolkit.Runtime.Json;
using Toolkit.Runtime.Masks;
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
    private const string MaskFormat = "mask";
    private readonly OperationRouter _router;
    private readonly string? _operation;
    private readonly MaskDecodeOptions _maskOptions;
    private readonly Dictionary<IApiContract, (JsonSchema? Response, JsonSchema? Error)> _schemas = new();
    private readonly Dictionary<IApiContract, JsonSchema> _eventSchemas = new();

    /// <summary>A verifier for one contract, e.g. <c>ImageSegmentationContract.Instance</c>.</summary>
    public ContractVerifier(IApiContract contract, MaskDecodeOptions? maskOptions = null)
        : this(new[] { contract ?? throw new ArgumentNullException(nameof(contract)) }, maskOptions)
    {
    }

    /// <summary>
    /// A verifier for a whole API's operations (e.g. <c>HfInferenceContract.Operations</c>): each exchange is routed
    /// to its operation by method and path (<see cref="OperationRouter"/>); <paramref name="operation"/> settles
    /// exchanges that fit several; <paramref name="baseUrls"/> adds bases the recordings were made against.
    /// </summary>
    public ContractVerifier(IEnumerable<IApiContract> operations, MaskDecodeOptions? maskOptions = null, string? operation = null, IEnumerable<string>? baseUrls = null)
    {
        _router = new OperationRouter(operations ?? throw new ArgumentNullException(nameof(operations)), baseUrls);
        if (_router.Operations.Count == 0) throw new ArgumentException("No operation to verify against.", nameof(operations));
        _operation = operation;
        _maskOptions = maskOptions ?? MaskDecodeOptions.Default;
    }

    private (JsonSchema? Response, JsonSchema? Error) SchemasOf(IApiContract contract)
    {
        if (!_schemas.TryGetValue(contract, out var schemas))
        {
            schemas = (contract.ResponseJsonSchema is { } r ? JsonSchema.FromJsonAsync(r).GetAwaiter().GetResult() : null,
                contract.ErrorJsonSchema is { } e ? JsonSchema.FromJsonAsync(e).GetAwaiter().GetResult() : null);
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
                var route = _router.Route(exchange.Request, exchange.Operation ?? _operation);
                if (route.Kind != RouteKind.Routed)
                {
                    unrouted.Add(new UnroutedExchange(source, i, exchange.Request.Method, exchange.Request.Url, route.Kind,
                        route.Candidates.Select(c => c.OperationName).ToList()));
                    continue;
                }
                exchanges++;
                violations.AddRange(Check(route.Contract!, source, i, exchange.Response));
            }
        }
        return new VerificationReport(first.SpecName, first.SpecVersion, files, exchanges, violations, notes, unrouted);
    }

    private List<ContractViolation> Check(IApiContract contract, string source, int index, RecordedResponse response)
    {
        var (responseSchema, errorSchema) = SchemasOf(contract);
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

        if (success && contract.StreamEventJsonSchema is { } eventSchema && Streams.RecordedEvents.IsEventStream(response))
        {
            CheckStream(contract, eventSchema, response, Add);
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

        var body = response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty;
        if (!IsJson(body, out var malformed))
        {
            Add(ViolationKind.MalformedJson, "", "a JSON body", malformed);
            return found;
        }
        var token = ParseToken(body);
        Validate(schema, token, Add);
        if (success)
        {
            CheckMasks(token, schema, Add);
            CheckGeneratedCode(contract, body, found, Add);
        }
        return found;
    }

    /// <summary>
    /// A streamed answer: each event's data against the event schema and through the generated event reader, with
    /// pointers under <c>/events/{index}</c>; the end marker, when the operation has one, must come.
    /// </summary>
    private void CheckStream(IApiContract contract, string eventSchemaJson, RecordedResponse response, Action<ViolationKind, string, string, string> add)
    {
        if (!_eventSchemas.TryGetValue(contract, out var schema))
        {
            schema = JsonSchema.FromJsonAsync(eventSchemaJson).GetAwaiter().GetResult();
            _eventSchemas[contract] = schema;
        }
        var events = Streams.RecordedEvents.Split(response.Body?.Bytes ?? ReadOnlyMemory<byte>.Empty);
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
            if (!IsJson(data, out var malformed))
            {
                AddAt(ViolationKind.MalformedJson, "", "an event whose data is JSON", malformed);
                continue;
            }
            // As for whole bodies: a reader failure the schema already explains is not reported twice.
            var explained = new List<string>();
            Validate(schema, ParseToken(data), (k, p, x, y) => { explained.Add(p); AddAt(k, p, x, y); });
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

    /// <summary>
    /// The schema's errors about <paramref name="token"/>, mapped to violations. Integers beyond <c>long</c> are made
    /// checkable first (<see cref="WideIntegers"/>): where the schema allows an integer, only their range is judged,
    /// and every message shows the digits as sent.
    /// </summary>
    private static void Validate(JsonSchema schema, JToken token, Action<ViolationKind, string, string, string> add)
    {
        var replaced = WideIntegers.Normalize(token);
        if (replaced is null)
        {
            foreach (var e in schema.Validate(token)) Map(e, add);
            return;
        }
        var reported = new HashSet<(ViolationKind, string)>();
        void Check(ValidationError e)
        {
            if (e is ChildSchemaValidationError child && child.Kind is not (ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf))
            {
                foreach (var x in child.Errors.Values.SelectMany(v => v)) Check(x); // an array's items, as Map walks them
                return;
            }
            if (e.Token is not { } wide || !replaced.TryGetValue(wide, out var digits))
            {
                Map(e, add);
                return;
            }
            void AddOnce(ViolationKind kind, string pointer, string expected, string _)
            {
                if (reported.Add((kind, pointer))) add(kind, pointer, expected, digits);
            }
            var errors = WideIntegers.Flatten(e).ToList();
            if (errors.Any(x => x.Kind == ValidationErrorKind.IntegerExpected))
            {
                foreach (var x in errors.Where(x => x.Kind is ValidationErrorKind.NumberTooBig or ValidationErrorKind.NumberTooSmall)) Map(x, AddOnce);
                return;
            }
            Map(e, AddOnce);
        }
        foreach (var e in schema.Validate(token)) Check(e);
    }

    private static void Map(ValidationError e, Action<ViolationKind, string, string, string> add)
    {
        switch (e)
        {
            case MultiTypeValidationError multi:
                // A value of an allowed type that breaks a rule of that type says more than "no type validates".
                var specific = multi.Errors.Values.SelectMany(v => v).Where(x => !IsTypeError(x.Kind)).ToList();
                if (specific.Count > 0)
                {
                    foreach (var x in specific) Map(x, add);
                    return;
                }
                add(multi.Token?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongType,
                    JsonPointers.Of(multi.Token), string.Join(" or ", multi.Errors.Keys.Select(Describe)), Actual(multi.Token));
                return;
            case ChildSchemaValidationError child when child.Kind is not (ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf):
                foreach (var x in child.Errors.Values.SelectMany(v => v)) Map(x, add);
                return;
            case ChildSchemaValidationError choice when SameShape(choice) is { } errors:
                // A nullable object (anyOf [object, null]) that is an object: what is wrong is inside it, not its shape.
                foreach (var x in errors) Map(x, add);
                return;
        }
        var pointer = JsonPointers.Of(e.Token);
        switch (e.Kind)
        {
            case ValidationErrorKind.PropertyRequired:
                add(ViolationKind.MissingField, pointer + "/" + JsonPointers.Escape(e.Property ?? ""), "a value (required)", "missing");
                break;
            case ValidationErrorKind.NumberTooBig:
                add(ViolationKind.OutOfRange, pointer, "at most " + Number(e.Schema?.Maximum), Actual(e.Token));
                break;
            case ValidationErrorKind.NumberTooSmall:
                add(ViolationKind.OutOfRange, pointer, "at least " + Number(e.Schema?.Minimum), Actual(e.Token));
                break;
            case ValidationErrorKind.NotInEnumeration:
                add(ViolationKind.NotInEnum, pointer, "one of " + string.Join(", ", e.Schema?.Enumeration.Select(v => v is null ? "null" : "\"" + v + "\"") ?? Array.Empty<string>()), Actual(e.Token));
                break;
            case ValidationErrorKind.NotAnyOf or ValidationErrorKind.NotOneOf:
                add(e.Token?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongType, pointer, DescribeAlternatives(e.Schema), Actual(e.Token));
                break;
            case var kind when IsTypeError(kind):
                add(e.Token?.Type == JTokenType.Null ? ViolationKind.UnexpectedNull : ViolationKind.WrongType, pointer, Describe(kind), Actual(e.Token));
                break;
            default:
                add(ViolationKind.RuleBroken, pointer, e.Kind.ToString(), Actual(e.Token));
                break;
        }
    }

    private void CheckMasks(JToken token, JsonSchema schema, Action<ViolationKind, string, string, string> add)
    {
        schema = schema.ActualSchema;
        switch (token)
        {
            case JObject obj:
                foreach (var (name, property) in schema.ActualProperties)
                {
                    if (obj.TryGetValue(name, out var value)) CheckMasks(value, property.ActualSchema, add);
                }
                break;
            case JArray array when schema.Item is { } item:
                foreach (var value in array) CheckMasks(value, item.ActualSchema, add);
                break;
            case JValue { Type: JTokenType.String } value
                when schema.ExtensionData?.TryGetValue("x-toolkit-format", out var format) == true && format as string == MaskFormat:
                var text = (string)value.Value!;
                var pointer = JsonPointers.Of(value);
                var buffer = new byte[text.Length * 3 / 4 + 3];
                if (!Convert.TryFromBase64String(text, buffer, out var written))
                {
                    add(ViolationKind.InvalidMask, pointer, "base64 text", text.Length == 0 ? "an empty string" : "text that is not base64");
                    break;
                }
                try
                {
                    PngMaskDecoder.Decode(buffer.AsSpan(0, written), _maskOptions);
                }
                catch (MaskFormatException e)
                {
                    add(ViolationKind.InvalidMask, pointer, "a PNG mask", e.Message);
                }
                break;
        }
    }

    /// <summary>
    /// The errors of the one alternative of an anyOf/oneOf whose JSON type the value has (the object of a nullable
    /// object); null when no alternative or several have it.
    /// </summary>
    private static ICollection<ValidationError>? SameShape(ChildSchemaValidationError choice)
    {
        var matching = choice.Errors.Where(a => !a.Value.Any(x => ReferenceEquals(x.Token, choice.Token) && (IsTypeError(x.Kind) || x is MultiTypeValidationError))).ToList();
        return matching.Count == 1 && matching[0].Value.Count > 0 ? matching[0].Value : null;
    }

    private static bool IsTypeError(ValidationErrorKind kind) => kind is ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected
        or ValidationErrorKind.IntegerExpected or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected
        or ValidationErrorKind.ArrayExpected or ValidationErrorKind.NullExpected or ValidationErrorKind.NoTypeValidates;

    private static string Describe(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.StringExpected => "a string",
        ValidationErrorKind.NumberExpected => "a number",
        ValidationErrorKind.IntegerExpected => "an integer",
        ValidationErrorKind.BooleanExpected => "true or false",
        ValidationErrorKind.ObjectExpected => "an object",
        ValidationErrorKind.ArrayExpected => "an array",
        ValidationErrorKind.NullExpected => "null",
        _ => "another type",
    };

    private static string Describe(JsonObjectType type) => type switch
    {
        JsonObjectType.String => "a string",
        JsonObjectType.Number => "a number",
        JsonObjectType.Integer => "an integer",
        JsonObjectType.Boolean => "true or false",
        JsonObjectType.Object => "an object",
        JsonObjectType.Array => "an array",
        JsonObjectType.Null => "null",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string DescribeAlternatives(JsonSchema? schema)
    {
        var options = schema?.AnyOf.Concat(schema.OneOf).Select(s => s.ActualSchema).ToList() ?? new List<JsonSchema>();
        return options.Count == 0 ? "one of the allowed shapes"
            : string.Join(" or ", options.Select(s => s.Type == JsonObjectType.Array && s.Item is { } item ? "a list of " + Describe(item.ActualSchema.Type).Replace("a ", "") + "s" : Describe(s.Type)));
    }

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";

    private static string Actual(JToken? token) => token switch
    {
        null => "nothing",
        { Type: JTokenType.Null } => "null",
        { Type: JTokenType.Object } => "an object",
        { Type: JTokenType.Array } => "an array",
        { Type: JTokenType.String } => "\"" + Truncate((string)token!) + "\"",
        _ => Truncate(token.ToString(Formatting.None)),
    };

    private static string Truncate(string text) => text.Length > 60 ? text[..60] + "…" : text;

    private static string? Header(RecordedResponse response, string name)
        => response.Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static bool IsJson(ReadOnlyMemory<byte> body, out string problem)
    {
        // JSON is UTF-8 (RFC 8259): a body that is not, error bodies included, is malformed, whatever a lenient parser makes of it.
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            var at = 0;
            var span = body.Span;
            while (at < span.Length && System.Text.Rune.DecodeFromUtf8(span[at..], out _, out var used) == System.Buffers.OperationStatus.Done) at += used;
            problem = $"invalid UTF-8 at byte {at}";
            return false;
        }
        try
        {
            using var _ = JsonDocument.Parse(body);
            problem = "";
            return true;
        }
        catch (System.Text.Json.JsonException e)
        {
            problem = body.IsEmpty ? "an empty body" : $"invalid JSON at byte {e.BytePositionInLine} of line {e.LineNumber + 1}";
            return false;
        }
    }

    private static JToken ParseToken(ReadOnlyMemory<byte> body)
    {
        using var reader = new JsonTextReader(new System.IO.StreamReader(new System.IO.MemoryStream(body.ToArray())))
        {
            DateParseHandling = DateParseHandling.None,
            FloatParseHandling = FloatParseHandling.Double,
            MaxDepth = 256,
        };
        return JToken.ReadFrom(reader);
    }
}
