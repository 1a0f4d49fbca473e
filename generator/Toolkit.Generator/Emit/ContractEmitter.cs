using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}Contract</c>: the spec as data for contract tests (<c>Toolkit.Runtime.Contracts.IApiContract</c>),
/// with the JSON Schemas of the response and error bodies written at compile time. A format-1 spec's contract is
/// its one operation (<c>Instance</c>); a whole API's has one contract per operation and the list of them, one file each.
/// </summary>
internal static class ContractEmitter
{
    private const string ContractInterface = "global::Toolkit.Runtime.Contracts.IApiContract";

    public static string Emit(SpecModel spec)
    {
        var ns = spec.Namespace;
        var name = spec.ContractName;
        var w = new SourceWriter();
        w.Open("namespace " + ns);
        w.Doc("summary", $"The {spec.Name} API contract ({spec.Version}) as data: what contract tests check recorded exchanges against.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        // Format 1: one operation, one contract. Whole APIs are emitted part by part (EmitPart).
        w.Open($"public sealed partial class {name} : {ContractInterface}");
        w.Doc("summary", "The one instance.");
        w.Line($"public static {name} Instance {{ get; }} = new {name}();");
        w.Line();
        w.Line($"private {name}() {{ }}");
        w.Line();
        EmitMembers(w, spec, spec.Operation);
        w.Close();
        w.Close();
        return SourceWriter.Header(spec.Name, spec.Version) + "\n" + w;
    }

    /// <summary>A whole API's contracts, part by part (see <see cref="ContractPartUnit"/>).</summary>
    public static string EmitPart(ContractPartUnit unit)
    {
        var api = unit.Api;
        var name = api.ContractName;
        return Emitter.Partial(api, unit.Operation is null, $"public static partial class {name}", w =>
        {
            if (unit.Operation is not { } op)
            {
                w.Doc("summary", "Lower-case hex SHA-256 of the spec's UTF-8 text: every operation's contract names the exact spec.");
                w.Line($"public const string SpecSha256 = {SourceWriter.Literal(unit.Sha256)};");
                w.Line();
                w.Doc("summary", "Every operation's contract, in spec order.");
                w.Line($"public static global::System.Collections.Generic.IReadOnlyList<{ContractInterface}> Operations => OperationList.Items;");
                w.Line();
                // The operations' contracts live in other files of this partial class, whose static initializers run in
                // no set order: a nested class builds the list on first use, after they have run.
                w.Open("private static class OperationList");
                w.Line($"public static readonly {ContractInterface}[] Items = {{ {string.Join(", ", unit.OperationMethods.Select(m => name + "." + m))} }};");
                w.Close();
                return;
            }
            w.Doc("summary", $"The contract of the {op.Key} operation ({op.HttpMethod} {op.PathTemplate}).");
            w.Line($"public static {ContractInterface} {op.MethodName} {{ get; }} = new {op.MethodName}Contract();");
            w.Line();
            w.Open($"private sealed class {op.MethodName}Contract : {ContractInterface}");
            EmitMembers(w, api, op, name + ".SpecSha256", unit.ResponseSchema, unit.ErrorSchema);
            w.Close();
        }, () => new[] { ("summary", SourceWriter.Escape($"The {api.Name} API contract ({api.Version}) as data: what contract tests check recorded exchanges against.")) });
    }

    private static void EmitMembers(SourceWriter w, SpecModel spec, OperationSpec op)
        => EmitMembers(w, spec, op, SourceWriter.Literal(spec.Sha256), JsonSchemaWriter.Response(spec, op), JsonSchemaWriter.Error(spec));

    private static void EmitMembers(SourceWriter w, SpecModel spec, OperationSpec op, string sha256, string? responseSchema, string? errorSchema)
    {
        var ns = spec.Namespace;
        var responseType = CSharpTypes.Of(op.Response.Body, ns);
        Property(w, "string", "SpecName", SourceWriter.Literal(spec.Name));
        Property(w, "string", "SpecVersion", SourceWriter.Literal(spec.Version));
        Property(w, "string", "SpecSha256", sha256);
        Property(w, "string", "HttpMethod", SourceWriter.Literal(op.HttpMethod));
        Property(w, "string", "PathTemplate", SourceWriter.Literal(op.PathTemplate));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "SuccessStatuses", Ints(op.Response.Statuses));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "ErrorStatuses",
            Ints(spec.Errors?.Statuses ?? EquatableArray<int>.Empty));
        Property(w, "string", "ResponseContentType", SourceWriter.Literal(op.Response.ContentType));
        Property(w, "string?", "ResponseJsonSchema", Nullable(responseSchema));
        Property(w, "string?", "ErrorJsonSchema", Nullable(errorSchema));

        w.Line("/// <inheritdoc />");
        w.Line($"public object DeserializeResponse(global::System.ReadOnlyMemory<byte> body) => global::{ns}.{spec.SerializerName}.{op.Names.DeserializeResponse}(body);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::Toolkit.Runtime.Validation.ValidationError> ValidateResponse(object response)");
        w.Line($"    => global::{ns}.{spec.ValidatorName}.{op.Names.ValidateResponse}(({responseType})response);");
    }

    private static void Property(SourceWriter w, string type, string name, string value)
    {
        w.Line("/// <inheritdoc />");
        w.Line($"public {type} {name} {{ get; }} = {value};");
        w.Line();
    }

    private static string Ints(EquatableArray<int> values) => "new int[] { " + string.Join(", ", values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + " }";

    private static string Nullable(string? value) => value is null ? "null" : SourceWriter.Literal(value);
}
