using System.Collections.Generic;
using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}Validator</c>: every rule of the spec (required, ranges, finite numbers, enum values), each
/// violation reported with its JSON path; all violations are collected, not just the first.
/// </summary>
internal static class ValidatorEmitter
{
    private const string Checks = "global::Toolkit.Runtime.Validation.ValidationChecks";
    private const string ErrorList = "global::System.Collections.Generic.List<global::Toolkit.Runtime.Validation.ValidationError>";
    private const string ErrorResult = "global::System.Collections.Generic.IReadOnlyList<global::Toolkit.Runtime.Validation.ValidationError>";

    public static void Emit(SourceWriter w, SpecModel spec)
    {
        var ns = spec.Namespace;
        w.Open("namespace " + ns);
        w.Doc("summary", $"Checks requests and responses of the {spec.Name} API ({spec.Version}) against the spec's rules.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open("public static partial class " + spec.ValidatorName);

        // Validation only where a check can fail (see ValidationPlan): the other types get no method at all.
        var plan = ValidationPlan.Of(spec);
        System.Func<string, bool> validates = plan.Validates;
        foreach (var op in spec.Operations) EmitOperationChecks(w, spec, op, plan.ChecksRead(op.Response.Body), validates);
        foreach (var o in spec.Objects.Where(o => plan.Validates(o.Name))) EmitObject(w, o, ns, validates);
        foreach (var e in spec.Enums) EmitEnum(w, e, ns);
        foreach (var u in spec.Unions.Where(u => plan.Validates(u.Name))) EmitUnion(w, u, ns, validates);
        w.Close();
        w.Close();
    }

    private static void EmitEnum(SourceWriter w, EnumTypeSpec e, string ns)
    {
        var type = "global::" + ns + "." + e.Name;
        w.Line($"private const string {Naming.HelperNames.AllowedValues(e.Name)} = {SourceWriter.Literal(string.Join(", ", e.Values.Select(v => v.WireName)))};");
        // The spec's values follow the Unknown member (0) in order: a range test, whatever the number of values.
        w.Line($"private static bool IsDefined({type} value) => value >= {type}.{e.Values[0].MemberName} && value <= {type}.{e.Values[e.Values.Count - 1].MemberName};");
        w.Line();
    }

    private static void EmitOperationChecks(SourceWriter w, SpecModel spec, OperationSpec op, bool checksResponse, System.Func<string, bool> validates)
    {
        var ns = spec.Namespace;
        {
            var requestType = "global::" + ns + "." + op.RequestTypeName;
            var what = op.MethodName + " ";
            w.Doc("summary", $"Every rule the {what}request breaks; empty when it is valid. The client runs this before sending.");
            w.Open($"public static {ErrorResult} {op.Names.ValidateRequest}({requestType} request)");
            w.Line($"var errors = new {ErrorList}();");
            w.Line($"{Checks}.Required(errors, \"$\", request);");
            w.Line($"if (request is not null) {Naming.HelperNames.Validator(op.RequestTypeName)}(request, \"$\", errors);");
            w.Line("return errors;");
            w.Close();
            w.Line();
            // A response whose reader enforces every rule gets no method: nothing read can break one (ValidationPlan).
            if (!checksResponse) return;

            w.Doc("summary", $"Every rule the {what}response breaks; empty when it is valid.");
            w.Open($"public static {ErrorResult} {op.Names.ValidateResponse}({CSharpTypes.Of(op.Response.Body, ns)} response)");
            w.Line($"var errors = new {ErrorList}();");
            if (op.Response.Body.Kind == ValueKind.Binary)
            {
                w.Line($"{Checks}.RequiredBytes(errors, \"$\", response);");
            }
            else
            {
                w.Line($"{Checks}.Required(errors, \"$\", response);");
                w.Open("if (response is not null)");
                EmitValueChecks(w, op.Response.Body, "response", "global::Toolkit.Runtime.Json.JsonPath.Root", ns, 0, validates);
                w.Close();
            }
            w.Line("return errors;");
            w.Close();
            w.Line();
        }
    }

    private static void EmitObject(SourceWriter w, ObjectTypeSpec o, string ns, System.Func<string, bool> validates)
    {
        var chunks = SerializerEmitter.Chunks(o);
        w.Open($"internal static void {Naming.HelperNames.Validator(o.Name)}(global::{ns}.{o.Name} value, global::Toolkit.Runtime.Json.JsonPath path, {ErrorList} errors)");
        EmitEnter(w);
        if (chunks.Count > 1)
        {
            // Large objects are checked by several methods, as the serializer reads them: compilation stays linear.
            for (var c = 0; c < chunks.Count; c++) w.Line($"{Naming.HelperNames.Part(Naming.HelperNames.Validator(o.Name), c)}(value, path, errors);");
            w.Close();
            w.Line();
            for (var c = 0; c < chunks.Count; c++)
            {
                w.Open($"private static void {Naming.HelperNames.Part(Naming.HelperNames.Validator(o.Name), c)}(global::{ns}.{o.Name} value, global::Toolkit.Runtime.Json.JsonPath path, {ErrorList} errors)");
                EmitFieldChecks(w, chunks[c].Select(x => x.Field), ns, validates);
                w.Close();
                w.Line();
            }
            return;
        }
        EmitFieldChecks(w, o.Fields, ns, validates);
        w.Close();
        w.Line();
    }

    /// <summary>
    /// Objects and unions are where a spec's types can recurse: a depth bound there ends any walk, a cycle in the
    /// caller's objects included.
    /// </summary>
    private static void EmitEnter(SourceWriter w) => w.Line($"if (!{Checks}.Enter(errors, path)) return;");

    private static void EmitFieldChecks(SourceWriter w, IEnumerable<FieldSpec> fields, string ns, System.Func<string, bool> validates)
    {
        foreach (var f in fields)
        {
            var path = $"path.Member({SourceWriter.Literal(f.WireName)})";
            var access = "value." + f.PropertyName;
            if (f.Type.Kind == ValueKind.Binary && f.Required && !f.Nullable)
            {
                w.Line($"{Checks}.RequiredBytes(errors, {path}, {access});");
                continue;
            }
            if (f.Required && !f.Nullable && !CSharpTypes.IsValueType(f.Type))
            {
                w.Line($"{Checks}.Required(errors, {path}, {access});");
            }
            if (!NeedsChecks(f.Type, f.Minimum, f.Maximum, validates)) continue;
            var isNullable = !(f.Required && !f.Nullable) || !CSharpTypes.IsValueType(f.Type);
            if (f.Type.Kind == ValueKind.Number)
            {
                w.Line($"{Checks}.Number(errors, {path}, {access}, {Bound(f.Minimum)}, {Bound(f.Maximum)});");
                continue;
            }
            if (IntegerFormats.IsInteger(f.Type.Kind))
            {
                // Whole bounds in the field's own type: no comparison through double, which rounds above 2^53.
                var (min, max) = IntegerFormats.Bounds(f.Type, f.Minimum, f.Maximum);
                if (min is not null || max is not null)
                {
                    var check = f.Type.Kind == ValueKind.ULong ? "UnsignedInteger" : "Integer";
                    w.Line($"{Checks}.{check}(errors, {path}, {access}, {min ?? "null"}, {max ?? "null"});");
                }
                continue;
            }
            if (!isNullable)
            {
                EmitValueChecks(w, f.Type, access, path, ns, 0, validates);
                continue;
            }
            var local = "v" + f.PropertyName;
            w.Open($"if ({access} is {{ }} {local})");
            EmitValueChecks(w, f.Type, local, path, ns, 0, validates);
            w.Close();
        }
    }

    private static void EmitUnion(SourceWriter w, UnionTypeSpec u, string ns, System.Func<string, bool> validates)
    {
        var type = "global::" + ns + "." + u.Name;
        w.Open($"internal static void {Naming.HelperNames.Validator(u.Name)}({type} value, global::Toolkit.Runtime.Json.JsonPath path, {ErrorList} errors)");
        EmitEnter(w);
        foreach (var v in u.Variants.Where(v => NeedsChecks(v.Type, null, null, validates)))
        {
            w.Open($"if (value.Kind == {type}.Variant.{v.Name})");
            w.Line($"var held = ({CSharpTypes.Of(v.Type, ns)})value.Value;");
            EmitValueChecks(w, v.Type, "held", "path", ns, 0, validates);
            w.Close();
        }
        w.Close();
        w.Line();
    }

    /// <summary>Checks a non-null value of <paramref name="type"/> held in <paramref name="value"/>.</summary>
    private static void EmitValueChecks(SourceWriter w, TypeRef type, string value, string path, string ns, int depth, System.Func<string, bool> validates)
    {
        switch (type.Kind)
        {
            case ValueKind.Number:
                w.Line($"{Checks}.Number(errors, {path}, {value}, null, null);");
                break;
            case ValueKind.Long when type.Format == "uint32":
                w.Line($"{Checks}.Integer(errors, {path}, {value}, 0L, 4294967295L);");
                break;
            case ValueKind.Enum:
                w.Line($"{Checks}.EnumDefined(errors, {path}, IsDefined({value}), {Naming.HelperNames.AllowedValues(type.Name!)}, {value});");
                break;
            case ValueKind.Object:
            case ValueKind.Union:
                if (validates(type.Name!)) w.Line($"{Naming.HelperNames.Validator(type.Name!)}({value}, {path}, errors);");
                break;
            case ValueKind.Map:
                var pair = "pair" + depth;
                var entry = "entry" + depth;
                w.Open($"foreach (var {pair} in {value})");
                w.Line($"var {entry} = {pair}.Value;");
                var entryPath = $"{path}.Member({pair}.Key)";
                if (CSharpTypes.IsValueType(type.Item!))
                {
                    EmitValueChecks(w, type.Item!, entry, entryPath, ns, depth + 1, validates);
                }
                else
                {
                    w.Line($"{Checks}.Required(errors, {entryPath}, {entry});");
                    if (NeedsChecks(type.Item!, null, null, validates))
                    {
                        w.Open($"if ({entry} is not null)");
                        EmitValueChecks(w, type.Item!, entry, entryPath, ns, depth + 1, validates);
                        w.Close();
                    }
                }
                w.Close();
                break;
            case ValueKind.Array:
                var index = "i" + depth;
                var item = "item" + depth;
                w.Open($"for (var {index} = 0; {index} < {value}.Count; {index}++)");
                w.Line($"var {item} = {value}[{index}];");
                var itemPath = $"{path}.Index({index})";
                if (CSharpTypes.IsValueType(type.Item!))
                {
                    EmitValueChecks(w, type.Item!, item, itemPath, ns, depth + 1, validates);
                }
                else
                {
                    w.Line($"{Checks}.Required(errors, {itemPath}, {item});");
                    if (NeedsChecks(type.Item!, null, null, validates))
                    {
                        w.Open($"if ({item} is not null)");
                        EmitValueChecks(w, type.Item!, item, itemPath, ns, depth + 1, validates);
                        w.Close();
                    }
                }
                w.Close();
                break;
        }
    }

    private static bool NeedsChecks(TypeRef type, double? min, double? max, System.Func<string, bool> validates)
        => type.Kind is ValueKind.Number or ValueKind.Enum
           || (type.Kind is ValueKind.Object or ValueKind.Union && validates(type.Name!))
           || (type.Kind is ValueKind.Array or ValueKind.Map && (!CSharpTypes.IsValueType(type.Item!) || NeedsChecks(type.Item!, null, null, validates)))
           || type.Format == "uint32" // a long that holds a uint32: the range is checked
           || min is not null || max is not null;

    private static string Bound(double? value) => value is { } v ? SourceWriter.Number(v) : "null";
}
