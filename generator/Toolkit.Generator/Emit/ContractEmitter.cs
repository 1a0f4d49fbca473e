using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}Contract</c>: the spec as data for contract tests (<c>Toolkit.Runtime.Contracts.IApiContract</c>),
/// with the JSON Schemas of the response and error bodies written at compile time.
/// </summary>
internal static class ContractEmitter
{
    public static string Emit(SpecModel spec)
    {
        var ns = spec.Namespace;
        var name = spec.ContractName;
        var responseType = CSharpTypes.Of(spec.Response.Body, ns);
        var w = new SourceWriter();
        w.Open("namespace " + ns);
        w.Doc("summary", $"The {spec.Name} API contract ({spec.Version}) as data: what contract tests check recorded exchanges against.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open($"public sealed partial class {name} : global::Toolkit.Runtime.Contracts.IApiContract");
        w.Doc("summary", "The one instance.");
        w.Line($"public static {name} Instance {{ get; }} = new {name}();");
        w.Line();
        w.Line($"private {name}() {{ }}");
        w.Line();
        Property(w, "string", "SpecName", SourceWriter.Literal(spec.Name));
        Property(w, "string", "SpecVersion", SourceWriter.Literal(spec.Version));
        Property(w, "string", "SpecSha256", SourceWriter.Literal(spec.Sha256));
        Property(w, "string", "HttpMethod", SourceWriter.Literal(spec.Operation.HttpMethod));
        Property(w, "string", "PathTemplate", SourceWriter.Literal(spec.Operation.PathTemplate));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "SuccessStatuses", Ints(spec.Response.Statuses));
        Property(w, "global::System.Collections.Generic.IReadOnlyList<int>", "ErrorStatuses",
            Ints(spec.Errors?.Statuses ?? EquatableArray<int>.Empty));
        Property(w, "string", "ResponseContentType", SourceWriter.Literal(spec.Response.ContentType));
        Property(w, "string?", "ResponseJsonSchema", Nullable(JsonSchemaWriter.Response(spec)));
        Property(w, "string?", "ErrorJsonSchema", Nullable(JsonSchemaWriter.Error(spec)));

        w.Line("/// <inheritdoc />");
        w.Line($"public object DeserializeResponse(global::System.ReadOnlyMemory<byte> body) => global::{ns}.{spec.SerializerName}.DeserializeResponse(body);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public global::System.Collections.Generic.IReadOnlyList<global::Toolkit.Runtime.Validation.ValidationError> ValidateResponse(object response)");
        w.Line($"    => global::{ns}.{spec.ValidatorName}.ValidateResponse(({responseType})response);");
        w.Close();
        w.Close();
        return SourceWriter.Header(spec.Name, spec.Version) + "\n" + w;
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
