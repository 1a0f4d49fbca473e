using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}Serializer</c>: <see cref="System.Text.Json.Utf8JsonReader"/>/<see cref="System.Text.Json.Utf8JsonWriter"/>
/// code for every type of the spec. No reflection: System.Text.Json's own generator cannot see our types, and
/// the result stays AOT- and trim-safe.
/// </summary>
internal static class SerializerEmitter
{
    // The file header's aliases (SourceWriter.Header): _J JsonReading, _JW JsonWriting, _JI JsonItems, _P JsonPath,
    // _R Utf8JsonReader, _W Utf8JsonWriter, _B ReadOnlyMemory<byte>.
    private const string Reader = "ref _R reader";
    private const string Writer = "_W writer";
    private const string Source = "_B source";
    private const string JsonReading = "_J";

    public static void Emit(SourceWriter w, SpecModel spec)
    {
        var ns = spec.Namespace;
        var objects = spec.Objects.ToDictionary(o => o.Name, System.StringComparer.Ordinal);
        w.Open("namespace " + ns);
        w.Doc("summary", $"Reads and writes the JSON of the {spec.Name} API ({spec.Version}) without reflection.");
        w.DocXml("remarks", "Malformed JSON, a wrong type or a missing required field throws " +
            "<see cref=\"global::Toolkit.Runtime.Json.JsonPayloadException\"/> naming the JSON path. Unknown fields are skipped.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public static partial class " + spec.SerializerName);
        EmitErrorBodyEntryPoints(w, spec);
        foreach (var op in spec.Operations) EmitOperationEntryPoints(w, spec, op, op.IsForm ? objects[op.RequestTypeName] : null);
        foreach (var o in spec.Objects)
        {
            EmitObjectReader(w, o, ns);
            EmitObjectWriter(w, o, ns);
        }
        foreach (var e in spec.Enums) EmitEnumConversions(w, e, ns);
        foreach (var u in spec.Unions)
        {
            EmitUnionReader(w, u, ns);
            EmitUnionWriter(w, u, ns);
        }
        w.Close();
        w.Close();
    }

    private static void EmitOperationEntryPoints(SourceWriter w, SpecModel spec, OperationSpec op, ObjectTypeSpec? formRequest)
    {
        var ns = spec.Namespace;
        var requestType = "global::" + ns + "." + op.RequestTypeName;
        var what = op.MethodName + " ";
        EmitEntryPoints(w, what + "request", op.Names.SerializeRequest, op.Names.DeserializeRequest, requestType, new TypeRef(ValueKind.Object, op.RequestTypeName), ns, "request");
        if (op.Response.Body.Kind == ValueKind.Binary)
        {
            EmitBinaryEntryPoints(w, op.Response.ContentType, op.Names);
        }
        else
        {
            EmitEntryPoints(w, what + "response", op.Names.SerializeResponse, op.Names.DeserializeResponse, CSharpTypes.Of(op.Response.Body, ns), op.Response.Body, ns, "response");
        }
        if (op.Poll?.Job is { } job)
        {
            var (serializeJob, deserializeJob) = Naming.Names.ForJob(op.MethodName);
            EmitEntryPoints(w, what + "job", serializeJob, deserializeJob, CSharpTypes.Of(job, ns), job, ns, "job");
        }
        if (op.Stream is { } stream) EmitEventEntryPoints(w, what + "stream event", stream, ns);
        if (formRequest is not null) EmitFormWriter(w, spec, op, formRequest, requestType);
    }

    /// <summary>
    /// A <c>multipart/form-data</c> request: one part per field that is set. Text, numbers, booleans and enums are
    /// text parts (an enum its wire name); binary fields are file parts; a list of such values repeats the field;
    /// anything structured (objects, unions, maps, lists of them) is a part holding its JSON.
    /// </summary>
    private static void EmitFormWriter(SourceWriter w, SpecModel spec, OperationSpec op, ObjectTypeSpec request, string requestType)
    {
        w.Doc("summary", $"Writes a {op.MethodName} request as the parts of a multipart/form-data body.");
        w.Open($"internal static void {op.Names.WriteForm}(global::Toolkit.Runtime.Transport.FormBody form, {requestType} value)");
        for (var i = 0; i < request.Fields.Count; i++)
        {
            var f = request.Fields[i];
            var name = SourceWriter.Literal(f.WireName);
            // A required value is always there; an optional one is sent only when set.
            var always = f.Required && !f.Nullable;
            var local = always ? "value." + f.PropertyName : "v" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!always) w.Open($"if (value.{f.PropertyName} is {{ }} {local})");
            if (f.Type.Kind == ValueKind.Array && FormScalar(f.Type.Item!, "item", name) is { } each)
            {
                w.Line($"foreach (var item in {local}) {each};");
            }
            else
            {
                w.Line((FormScalar(f.Type, local, name) ?? $"form.AddJson({name}, writer => {WriteValue(f.Type, local)})") + ";");
            }
            if (!always) w.Close();
        }
        w.Close();
        w.Line();
    }

    /// <summary>How a value that is one text or file part is added to the form; null for structured values.</summary>
    private static string? FormScalar(TypeRef type, string value, string name) => type.Kind switch
    {
        ValueKind.String => $"form.AddText({name}, {value})",
        ValueKind.Number => $"form.AddNumber({name}, {value})",
        ValueKind.Integer or ValueKind.Long => $"form.AddInteger({name}, {value})",
        ValueKind.Boolean => $"form.AddBoolean({name}, {value})",
        ValueKind.DateTime => $"form.AddDateTime({name}, {value})",
        ValueKind.Uuid => $"form.AddText({name}, {value}.ToString())",
        ValueKind.Enum => $"form.AddText({name}, ToWireName({value}))",
        ValueKind.Binary => $"form.AddFile({name}, {value})",
        ValueKind.Json => $"form.AddJson({name}, {value})",
        _ => null,
    };

    /// <summary>
    /// A stream event's reader takes the parser's bytes as a span: nothing is copied per event (a mask field, which
    /// would refer into the source, is copied instead).
    /// </summary>
    private static void EmitEventEntryPoints(SourceWriter w, string what, StreamSpec stream, string ns)
    {
        var type = CSharpTypes.Of(stream.Event, ns);
        w.Doc("summary", $"Writes a {what} as UTF-8 JSON.");
        w.Open($"public static byte[] {stream.SerializeEvent}({type} value)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
        w.Line("using var buffer = new global::Toolkit.Runtime.Json.PooledBufferWriter(256);");
        w.Open("using (var writer = global::Toolkit.Runtime.Json.JsonWriting.Create(buffer))");
        w.Line(WriteValue(stream.Event, "value") + ";");
        w.Close();
        w.Line("return buffer.WrittenSpan.ToArray();");
        w.Close();
        w.Line();
        w.Doc("summary", $"Reads a {what} from one event's UTF-8 JSON data.");
        w.Open($"public static {type} {stream.DeserializeEvent}(global::System.ReadOnlySpan<byte> utf8Json)");
        w.Line("var source = global::System.ReadOnlyMemory<byte>.Empty;");
        w.Line($"var reader = {JsonReading}.Start(utf8Json);");
        w.Line($"var result = {ReadValue(stream.Event, "\"$\"")};");
        w.Line($"{JsonReading}.End(ref reader);");
        w.Line("return result;");
        w.Close();
        w.Line();
    }

    /// <summary>The readers (and writers) of the error bodies documented per status.</summary>
    private static void EmitErrorBodyEntryPoints(SourceWriter w, SpecModel spec)
    {
        if (spec.Errors is not { } errors) return;
        foreach (var body in errors.Bodies)
        {
            var status = body.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            EmitEntryPoints(w, "error " + status + " body", "SerializeError" + status, body.DeserializeName, CSharpTypes.Of(body.Type, spec.Namespace), body.Type, spec.Namespace, "body");
        }
    }

    private static void EmitEntryPoints(SourceWriter w, string what, string serialize, string deserialize, string type, TypeRef typeRef, string ns, string parameter)
    {
        w.Doc("summary", $"Writes the {what} as UTF-8 JSON.");
        w.Line($"public static byte[] {serialize}({type} {parameter})");
        w.Line("{");
        w.Indent();
        w.Line("using var buffer = new global::Toolkit.Runtime.Json.PooledBufferWriter(256);");
        w.Line($"{serialize}(buffer, {parameter});");
        w.Line("return buffer.WrittenSpan.ToArray();");
        w.Close();
        w.Line();
        w.DocXml("summary", $"Writes the {SourceWriter.Escape(what)} as UTF-8 JSON to <paramref name=\"output\"/>.");
        w.Open($"public static void {serialize}(global::System.Buffers.IBufferWriter<byte> output, {type} {parameter})");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(output);");
        w.Line($"global::System.ArgumentNullException.ThrowIfNull({parameter});");
        w.Line("using var writer = global::Toolkit.Runtime.Json.JsonWriting.Create(output);");
        w.Line(WriteValue(typeRef, parameter) + ";");
        w.Line("writer.Flush();");
        w.Close();
        w.Line();
        w.DocXml("summary", $"Reads a {SourceWriter.Escape(what)} from UTF-8 JSON. Binary fields may refer into <paramref name=\"utf8Json\"/>.");
        w.Open($"public static {type} {deserialize}(global::System.ReadOnlyMemory<byte> utf8Json)");
        w.Line("var source = utf8Json;");
        w.Line($"var reader = {JsonReading}.Start(utf8Json.Span);");
        w.Line($"var result = {ReadValue(typeRef, "\"$\"")};");
        w.Line($"{JsonReading}.End(ref reader);");
        w.Line("return result;");
        w.Close();
        w.Line();
    }

    private static void EmitBinaryEntryPoints(SourceWriter w, string contentType, OperationNames names)
    {
        w.Doc("summary", $"The response is raw bytes ({contentType}): written as they are.");
        w.Line($"public static byte[] {names.SerializeResponse}(global::System.ReadOnlyMemory<byte> response) => response.ToArray();");
        w.Line();
        w.Doc("summary", $"The response is raw bytes ({contentType}): returned as they are, without a copy.");
        w.Line($"public static global::System.ReadOnlyMemory<byte> {names.DeserializeResponse}(global::System.ReadOnlyMemory<byte> body) => body;");
        w.Line();
    }

    private static void EmitUnionReader(SourceWriter w, UnionTypeSpec u, string ns)
    {
        var type = "global::" + ns + "." + u.Name;
        w.Open($"private static {type} {Naming.HelperNames.Reader(u.Name)}({Reader}, {Source}, _P path)");
        w.Open("switch (reader.TokenType)");
        var told = u.Variants.Where(v => v.Type.Kind == ValueKind.Object).ToList();
        if (told.Count > 1 || u.Discriminator is not null) EmitToldApartObjects(w, u, type, told);
        foreach (var v in u.Variants.Where(v => !told.Contains(v) || told.Count == 1 && u.Discriminator is null))
        {
            var tokens = v.Type.Kind switch
            {
                ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong => new[] { "Number" },
                ValueKind.Boolean => new[] { "True", "False" },
                ValueKind.Array => new[] { "StartArray" },
                ValueKind.Object or ValueKind.Map => new[] { "StartObject" },
                _ => new[] { "String" },
            };
            foreach (var token in tokens) w.Line($"case global::System.Text.Json.JsonTokenType.{token}:");
            w.Indent();
            w.Line($"return {type}.From{v.Name}({ReadValue(v.Type, "path")});");
            w.Unindent();
        }
        w.Line("default:");
        w.Indent();
        w.Line($"throw {JsonReading}.Unexpected(ref reader, path, {SourceWriter.Literal(string.Join(" or ", u.Variants.Select(v => CSharpTypes.Expected(v.Type))))});");
        w.Unindent();
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitUnionWriter(SourceWriter w, UnionTypeSpec u, string ns)
    {
        var type = "global::" + ns + "." + u.Name;
        w.Open($"private static void {Naming.HelperNames.Writer(u.Name)}({Writer}, {type} value)");
        w.Open("switch (value.Kind)");
        foreach (var v in u.Variants)
        {
            w.Line($"case {type}.Variant.{v.Name}:");
            w.Indent();
            w.Line(WriteValue(v.Type, $"(({CSharpTypes.Of(v.Type, ns)})value.Value)") + ";");
            w.Line("break;");
            w.Unindent();
        }
        w.Close();
        w.Close();
        w.Line();
    }

    private static void EmitEnumConversions(SourceWriter w, EnumTypeSpec e, string ns)
    {
        var type = "global::" + ns + "." + e.Name;
        w.Doc("summary", $"The wire name of a value of {e.Name}.");
        w.Open($"public static string ToWireName({type} value)");
        w.Open("return value switch");
        foreach (var v in e.Values) w.Line($"{type}.{v.MemberName} => {SourceWriter.Literal(v.WireName)},");
        w.Line($"_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, \"Not a value of {e.Name}.\"),");
        w.Close(";");
        w.Close();
        w.Line();
        w.Doc("summary", $"Parses a wire name into a value of {e.Name}; false when it is not one of the spec's values.");
        w.Open($"public static bool {Naming.Names.TryParseMethod(e.Name)}(string? wireName, out {type} value)");
        w.Open("switch (wireName)");
        foreach (var v in e.Values) w.Line($"case {SourceWriter.Literal(v.WireName)}: value = {type}.{v.MemberName}; return true;");
        w.Line("default: value = default; return false;");
        w.Close();
        w.Close();
        w.Line();
        var names = "ValuesOf" + e.Name;
        w.Line($"private static readonly global::Toolkit.Runtime.Json.JsonNameTable {names} = new global::Toolkit.Runtime.Json.JsonNameTable({string.Join(", ", e.Values.Select(v => SourceWriter.Literal(v.WireName)))});");
        w.Line();
        w.Open($"private static {type} {Naming.HelperNames.Reader(e.Name)}({Reader}, _P path, string? member)");
        w.Open("if (reader.TokenType == global::System.Text.Json.JsonTokenType.String)");
        w.Open($"switch ({names}.IndexOf(ref reader))");
        for (var i = 0; i < e.Values.Count; i++)
        {
            w.Line($"case {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}: return {type}.{e.Values[i].MemberName};");
        }
        w.Close();
        if (e.Closed)
        {
            // A closed enum promises its values: anything else is a contract break, not a new value to tolerate.
            w.Line($"throw {JsonReading}.Unexpected(ref reader, path, {SourceWriter.Literal("one of " + string.Join(", ", e.Values.Select(v => v.WireName)))}, member);");
        }
        else
        {
            w.Line($"return {type}.{e.UnknownMemberName};");
        }
        w.Close();
        w.Line($"throw {JsonReading}.Unexpected(ref reader, path, \"a string\", member);");
        w.Close();
        w.Line();
    }

    /// <summary>
    /// Objects with more fields than this are read and written by several methods of at most this many fields:
    /// Roslyn's cost for one method grows faster than linearly with its switch cases, locals and branches (a
    /// 10,000-field reader in one method took most of a minute to compile), so chunks keep compilation linear.
    /// </summary>
    internal const int ChunkSize = 128;

    /// <summary>The fields of <paramref name="o"/> in chunks of <see cref="ChunkSize"/>, with their indexes.</summary>
    internal static List<List<(FieldSpec Field, int Index)>> Chunks(ObjectTypeSpec o)
    {
        var chunks = new List<List<(FieldSpec, int)>>();
        for (var i = 0; i < o.Fields.Count; i++)
        {
            if (i % ChunkSize == 0) chunks.Add(new List<(FieldSpec, int)>());
            chunks[chunks.Count - 1].Add((o.Fields[i], i));
        }
        return chunks;
    }

    /// <summary>
    /// An object's reader: the object is made first (its reading constructor sets no member) and each property read
    /// straight into it, one line a field; required properties are one bit each of <c>seen</c> (a flag each past 64
    /// fields) and checked together at the end.
    /// </summary>
    private static void EmitObjectReader(SourceWriter w, ObjectTypeSpec o, string ns)
    {
        var type = "global::" + ns + "." + o.Name;
        var names = "NamesOf" + o.Name;
        if (o.Fields.Count > 0)
        {
            // One lookup and a flat switch: compiles linearly however many fields (an else-if chain nests per field).
            w.Line($"private static readonly global::Toolkit.Runtime.Json.JsonNameTable {names} = new global::Toolkit.Runtime.Json.JsonNameTable({string.Join(", ", o.Fields.Select(f => SourceWriter.Literal(f.WireName)))});");
        }
        var required = o.Fields.Select((f, i) => (f, i)).Where(x => x.f.Required).Select(x => x.i).ToList();
        var wide = o.Fields.Count > 64;
        if (wide && required.Count > 0)
        {
            w.Line($"private static readonly int[] RequiredOf{o.Name} = {{ {string.Join(", ", required.Select(Invariant))} }};");
        }
        var chunked = o.Fields.Count > ChunkSize;
        var seenType = wide ? "bool[]" : "ref ulong";
        w.Open($"internal static {type} {Naming.HelperNames.Reader(o.Name)}({Reader}, {Source}, _P path)");
        w.Line($"{JsonReading}.ExpectObject(ref reader, path);");
        w.Line($"var value = new {type}({(TypeEmitter.HasRequiredMembers(o) ? "default(global::Toolkit.Runtime.Json.JsonObjectReading)" : "")});");
        if (required.Count > 0) w.Line(wide ? $"var seen = new bool[{Invariant(o.Fields.Count)}];" : "var seen = 0UL;");
        w.Open($"while ({JsonReading}.NextProperty(ref reader, path))");
        if (o.Fields.Count == 0)
        {
            w.Line($"{JsonReading}.Skip(ref reader, path);");
        }
        else if (chunked)
        {
            var seenArgument = required.Count == 0 ? "" : wide ? ", seen" : ", ref seen";
            w.Line($"var index = {names}.IndexOf(ref reader);");
            w.Open($"switch (index < 0 ? -1 : index / {ChunkSize})");
            var chunks = Chunks(o);
            for (var c = 0; c < chunks.Count; c++) w.Line($"case {c}: {Naming.HelperNames.Part(Naming.HelperNames.Reader(o.Name), c)}(ref reader, source, path, index, value{seenArgument}); break;");
            w.Line($"default: {JsonReading}.Skip(ref reader, path); break;");
            w.Close();
        }
        else
        {
            w.Open($"switch ({names}.IndexOf(ref reader))");
            EmitFieldCases(w, o.Fields.Select((f, i) => (f, i)), wide);
            w.Close();
        }
        w.Close();
        if (required.Count > 0)
        {
            w.Line(wide
                ? $"{JsonReading}.RequireAll(path, {names}, seen, RequiredOf{o.Name});"
                : $"{JsonReading}.RequireAll(path, {names}, seen, 0x{required.Aggregate(0UL, (m, i) => m | (1UL << i)).ToString("X", System.Globalization.CultureInfo.InvariantCulture)}UL);");
        }
        w.Line("return value;");
        w.Close();
        w.Line();

        if (!chunked) return;
        var all = Chunks(o);
        for (var c = 0; c < all.Count; c++)
        {
            var seenParameter = required.Count == 0 ? "" : ", " + seenType + " seen";
            w.Open($"private static void {Naming.HelperNames.Part(Naming.HelperNames.Reader(o.Name), c)}({Reader}, {Source}, _P path, int index, {type} value{seenParameter})");
            w.Open("switch (index)");
            EmitFieldCases(w, all[c], wide);
            w.Close();
            w.Close();
            w.Line();
        }
    }

    private static string Invariant(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One line per field: read its value into the object, and mark a required one seen.</summary>
    private static void EmitFieldCases(SourceWriter w, IEnumerable<(FieldSpec Field, int Index)> fields, bool wide)
    {
        foreach (var (f, i) in fields)
        {
            var seen = !f.Required ? "" : wide ? $" seen[{Invariant(i)}] = true;" : $" seen |= 0x{(1UL << i).ToString("X", System.Globalization.CultureInfo.InvariantCulture)}UL;";
            w.Line($"case {Invariant(i)}: {ReadField(f)};{seen} break;");
        }
        w.Line($"default: {JsonReading}.Skip(ref reader, path); break;");
    }

    /// <summary>The statement reading property <paramref name="f"/> (the reader on its name) into <c>value</c>.</summary>
    private static string ReadField(FieldSpec f)
    {
        var member = SourceWriter.Literal(f.WireName);
        var target = "value." + f.PropertyName;
        var orNull = f.Nullable ? "OrNull" : "";
        switch (f.Type.Kind)
        {
            case ValueKind.String: return $"{target} = {JsonReading}.ReadString{orNull}(ref reader, path, {member})";
            case ValueKind.Number: return $"{target} = {JsonReading}.ReadDouble{orNull}(ref reader, path, {member})";
            case ValueKind.Integer or ValueKind.Long or ValueKind.ULong: return $"{target} = {JsonReading}.Read{IntegerFormats.MethodSuffix(f.Type)}{orNull}(ref reader, path, {member})";
            case ValueKind.DateTime: return $"{target} = {JsonReading}.ReadDateTimeOffset{orNull}(ref reader, path, {member})";
            case ValueKind.Uuid: return $"{target} = {JsonReading}.ReadGuid{orNull}(ref reader, path, {member})";
            case ValueKind.Boolean: return $"{target} = {JsonReading}.ReadBoolean{orNull}(ref reader, path, {member})";
            case ValueKind.Binary: return $"{target} = {JsonReading}.ReadBytes{orNull}(ref reader, path, {member})";
            case ValueKind.Mask: return $"{target} = {JsonReading}.ReadMask{orNull}(ref reader, source, path, {member})";
            case ValueKind.Json: return $"{target} = {JsonReading}.ReadJson{orNull}(ref reader, path, {member})";
        }
        var read = ReadValue(f.Type, "path", member);
        return f.Nullable
            ? $"{target} = {JsonReading}.ReadIsNull(ref reader, path, {member}) ? null : {read}"
            : $"{JsonReading}.Read(ref reader, path, {member}); {target} = {read}";
    }

    private static void EmitObjectWriter(SourceWriter w, ObjectTypeSpec o, string ns)
    {
        var type = "global::" + ns + "." + o.Name;
        var chunks = Chunks(o);
        w.Open($"internal static void {Naming.HelperNames.Writer(o.Name)}({Writer}, {type} value)");
        w.Line("writer.WriteStartObject();");
        if (chunks.Count > 1)
        {
            for (var c = 0; c < chunks.Count; c++) w.Line($"{Naming.HelperNames.Part(Naming.HelperNames.Writer(o.Name), c)}(writer, value);");
        }
        else
        {
            foreach (var f in o.Fields) w.Line(WriteField(f));
        }
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();
        if (chunks.Count <= 1) return;
        for (var c = 0; c < chunks.Count; c++)
        {
            w.Open($"private static void {Naming.HelperNames.Part(Naming.HelperNames.Writer(o.Name), c)}({Writer}, {type} value)");
            foreach (var (f, _) in chunks[c]) w.Line(WriteField(f));
            w.Close();
            w.Line();
        }
    }

    /// <summary>
    /// One statement writing property <paramref name="f"/>: a required one always (null where the value is missing,
    /// which validation rejects first), an optional one only when set (the server applies its documented default).
    /// </summary>
    private static string WriteField(FieldSpec f)
    {
        var name = SourceWriter.Utf8Literal(f.WireName);
        var local = "v" + f.PropertyName;
        if (f.Required && !f.Nullable && CSharpTypes.IsValueType(f.Type)) return WriteProperty(f.Type, name, "value." + f.PropertyName);
        var write = WriteProperty(f.Type, name, local);
        return f.Required
            ? $"if (value.{f.PropertyName} is {{ }} {local}) {write} else writer.WriteNull({name});"
            : $"if (value.{f.PropertyName} is {{ }} {local}) {write}";
    }

    /// <summary>A statement writing a property named <paramref name="name"/> holding <paramref name="value"/>.</summary>
    private static string WriteProperty(TypeRef type, string name, string value) => type.Kind switch
    {
        ValueKind.String or ValueKind.DateTime or ValueKind.Uuid => $"writer.WriteString({name}, {value});",
        ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"writer.WriteNumber({name}, {value});",
        ValueKind.Boolean => $"writer.WriteBoolean({name}, {value});",
        ValueKind.Binary => $"writer.WriteBase64String({name}, {value}.Span);",
        ValueKind.Mask => $"writer.WriteString({name}, {value}.Base64Utf8.Span);",
        ValueKind.Enum => $"writer.WriteString({name}, ToWireName({value}));",
        _ => $"{{ writer.WritePropertyName({name}); {WriteValue(type, value)}; }}",
    };

    /// <summary>
    /// The object case of a union whose object variants are told apart by a property: the discriminator's value
    /// (PeekTag), else which marker property the object has (PeekMarker); both read a copy of the reader.
    /// </summary>
    private static void EmitToldApartObjects(SourceWriter w, UnionTypeSpec u, string type, List<UnionVariantSpec> objects)
    {
        w.Line("case global::System.Text.Json.JsonTokenType.StartObject:");
        w.Indent();
        if (u.Discriminator is { } discriminator)
        {
            var expected = "one of " + string.Join(", ", objects.SelectMany(o => o.Tags).Select(t => "\"" + t + "\""));
            w.Open($"switch ({JsonReading}.PeekTag(reader, path, {SourceWriter.Literal(discriminator)}, {SourceWriter.Literal(expected)}))");
            foreach (var v in objects)
            {
                foreach (var tag in v.Tags) w.Line($"case {SourceWriter.Literal(tag)}:");
                w.Indent();
                w.Line($"return {type}.From{v.Name}({ReadValue(v.Type, "path")});");
                w.Unindent();
            }
            w.Line("case var unknown:");
            w.Indent();
            w.Line($"throw {JsonReading}.UnknownTag(path, {SourceWriter.Literal(discriminator)}, unknown, {SourceWriter.Literal(expected)});");
            w.Unindent();
            w.Close();
        }
        else
        {
            var marked = objects.Where(o => o.Marker is not null).ToList();
            var rest = objects.FirstOrDefault(o => o.Marker is null);
            w.Open($"switch ({JsonReading}.PeekMarker(reader, path, {string.Join(", ", marked.Select(o => SourceWriter.Literal(o.Marker!)))}))");
            for (var i = 0; i < marked.Count; i++)
            {
                w.Line($"case {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}:");
                w.Indent();
                w.Line($"return {type}.From{marked[i].Name}({ReadValue(marked[i].Type, "path")});");
                w.Unindent();
            }
            w.Line("default:");
            w.Indent();
            if (rest is not null) w.Line($"return {type}.From{rest.Name}({ReadValue(rest.Type, "path")});");
            else w.Line($"throw {JsonReading}.NoMarker(path, {SourceWriter.Literal("an object with one of " + string.Join(", ", marked.Select(o => "'" + o.Marker + "'")))});");
            w.Unindent();
            w.Close();
        }
        w.Unindent();
    }

    /// <summary>An expression reading the current token as <paramref name="type"/>.</summary>
    /// <remarks>
    /// Scalars get the object's path and the member name, joined only on error; objects and arrays get their own
    /// <c>JsonPath</c>, a step in a per-thread table that becomes text only on error.
    /// </remarks>
    private static string ReadValue(TypeRef type, string path, string? member = null)
    {
        var at = member is null ? path : path + ", " + member;
        return type.Kind switch
        {
            ValueKind.String => $"{JsonReading}.GetString(ref reader, {at})",
            ValueKind.Number => $"{JsonReading}.GetDouble(ref reader, {at})",
            ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"{JsonReading}.{IntegerFormats.Reader(type)}(ref reader, {at})",
            ValueKind.DateTime => $"{JsonReading}.GetDateTimeOffset(ref reader, {at})",
            ValueKind.Uuid => $"{JsonReading}.GetGuid(ref reader, {at})",
            ValueKind.Boolean => $"{JsonReading}.GetBoolean(ref reader, {at})",
            ValueKind.Binary => $"new global::System.ReadOnlyMemory<byte>({JsonReading}.GetBase64(ref reader, {at}))",
            ValueKind.Mask => $"{JsonReading}.GetMask(ref reader, source, {at})",
            ValueKind.Enum => $"{Naming.HelperNames.Reader(type.Name!)}(ref reader, {(member is null ? path + ", null" : at)})",
            ValueKind.Json => $"{JsonReading}.GetJson(ref reader, {at})",
            ValueKind.Array => $"{JsonReading}.ReadList(ref reader, source, {(member is null ? path : $"{path}.Member({member})")}, {ItemReader(type.Item!)})",
            ValueKind.Map => $"{JsonReading}.ReadMap(ref reader, source, {(member is null ? path : $"{path}.Member({member})")}, {ItemReader(type.Item!)})",
            _ => $"{Naming.HelperNames.Reader(type.Name!)}(ref reader, source, {(member is null ? path : $"{path}.Member({member})")})",
        };
    }

    /// <summary>
    /// What reads one item of a list or map: the runtime's reader of a primitive kind, a generated type's reader (a
    /// method group), or a lambda where the signature differs (an enum's reader, a list of lists).
    /// </summary>
    private static string ItemReader(TypeRef item) => item.Kind switch
    {
        ValueKind.String => "_JI.String",
        ValueKind.Number => "_JI.Double",
        ValueKind.Integer or ValueKind.Long or ValueKind.ULong => "_JI." + IntegerFormats.MethodSuffix(item),
        ValueKind.DateTime => "_JI.DateTimeOffset",
        ValueKind.Uuid => "_JI.Guid",
        ValueKind.Boolean => "_JI.Boolean",
        ValueKind.Binary => "_JI.Bytes",
        ValueKind.Mask => "_JI.Mask",
        ValueKind.Json => "_JI.Json",
        ValueKind.Object or ValueKind.Union => Naming.HelperNames.Reader(item.Name!),
        _ => $"static (ref _R reader, _B source, _P path) => {ReadValue(item, "path")}",
    };

    /// <summary>What writes one item of a list or map (a value, not a property).</summary>
    private static string ItemWriter(TypeRef item) => item.Kind switch
    {
        ValueKind.String => "_JW.String",
        ValueKind.Number => "_JW.Double",
        ValueKind.Integer => "_JW.Int32",
        ValueKind.Long => "_JW.Int64",
        ValueKind.ULong => "_JW.UInt64",
        ValueKind.DateTime => "_JW.DateTimeOffset",
        ValueKind.Uuid => "_JW.Guid",
        ValueKind.Boolean => "_JW.Boolean",
        ValueKind.Binary => "_JW.Bytes",
        ValueKind.Mask => "_JW.Mask",
        ValueKind.Json => "_JW.Json",
        ValueKind.Object or ValueKind.Union => Naming.HelperNames.Writer(item.Name!),
        _ => $"static (writer, item) => {WriteValue(item, "item")}",
    };

    /// <summary>A statement (without semicolon) writing <paramref name="value"/> as <paramref name="type"/>.</summary>
    private static string WriteValue(TypeRef type, string value) => type.Kind switch
    {
        ValueKind.String => $"writer.WriteStringValue({value})",
        ValueKind.Number or ValueKind.Integer or ValueKind.Long or ValueKind.ULong => $"writer.WriteNumberValue({value})",
        ValueKind.DateTime or ValueKind.Uuid => $"writer.WriteStringValue({value})",
        ValueKind.Boolean => $"writer.WriteBooleanValue({value})",
        ValueKind.Binary => $"writer.WriteBase64StringValue({value}.Span)",
        ValueKind.Mask => $"writer.WriteStringValue({value}.Base64Utf8.Span)",
        ValueKind.Enum => $"writer.WriteStringValue(ToWireName({value}))",
        ValueKind.Json => $"{value}.WriteTo(writer)",
        ValueKind.Array => $"_JW.WriteList(writer, {value}, {ItemWriter(type.Item!)})",
        ValueKind.Map => $"_JW.WriteMap(writer, {value}, {ItemWriter(type.Item!)})",
        _ => $"{Naming.HelperNames.Writer(type.Name!)}(writer, {value})",
    };

}
