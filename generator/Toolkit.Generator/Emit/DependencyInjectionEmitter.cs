using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}ServiceCollectionExtensions</c>: <c>services.Add{Prefix}Client(...)</c> over IHttpClientFactory
/// (Toolkit.Http), and a reflection-free binder from configuration (AOT-safe, unlike ConfigurationBinder, whose own
/// source generator cannot see code we generate).
/// </summary>
internal static class DependencyInjectionEmitter
{
    private const string Services = "global::Microsoft.Extensions.DependencyInjection.IServiceCollection";
    private const string Builder = "global::Microsoft.Extensions.DependencyInjection.IHttpClientBuilder";
    private const string Configuration = "global::Microsoft.Extensions.Configuration.IConfiguration";
    private const string Resilience = "global::System.Action<global::Toolkit.Http.Resilience.ToolkitResilienceOptions>";

    public static void Emit(SourceWriter w, SpecModel spec)
    {
        var ns = spec.Namespace;
        var options = "global::" + ns + "." + spec.ClientOptionsName;
        var client = "global::" + ns + "." + spec.ClientName;
        var bearer = spec.Api.Headers.FirstOrDefault(h => h.Bearer && h.Scope == HeaderScope.Client);
        var errors = spec.Errors;
        w.Open("namespace " + ns);
        w.Doc("summary", $"Registers {spec.ClientName} with dependency injection.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open($"public static partial class {spec.ServiceCollectionExtensionsName}");
        w.Line($"private static readonly global::Toolkit.Http.Registration.ToolkitClientDescriptor<{options}> Descriptor = new global::Toolkit.Http.Registration.ToolkitClientDescriptor<{options}>(");
        w.Indent();
        w.Line(SourceWriter.Literal(spec.Name) + ",");
        w.Line($"{client}.ErrorFormat,"); // the client's own: one error format and loading policy, not a copy
        w.Line((bearer is null ? "static _ => null" : $"static options => options.{bearer.PropertyName}") + ",");
        w.Line((errors?.LoadingStatus is null ? "static _ => { }" : "static options => options.LoadingRetry.Enabled = false") + ",");
        w.Line("static options => options.Limits);");
        w.Unindent();
        w.Line();

        w.Doc("summary", $"Registers {spec.ClientName} as a typed client of IHttpClientFactory, configured through the options pattern.");
        w.DocXml("remarks", "Calls are retried by a resilience pipeline (transient failures with backoff; a loading answer after the server's estimated time) " +
            "within a total timeout, and logged without the token. The returned builder adds more handlers.");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "Sets the client options (base address, token, model...).", " name=\"configure\"");
        w.Doc("param", "Changes retries and timeouts.", " name=\"resilience\"");
        w.DocXml("returns", "The HTTP client builder.");
        w.Line($"public static {Builder} {spec.AddClientMethodName}(this {Services} services, global::System.Action<{options}>? configure = null, {Resilience}? resilience = null)");
        w.Line($"    => global::Toolkit.Http.Registration.ToolkitClients.Add<{client}, {options}>(services, Descriptor, static (http, options) => new {client}(http, options), configure, resilience);");
        w.Line();

        w.Doc("summary", $"Registers {spec.ClientName} with options read from configuration (keys named like the option properties).");
        w.Doc("param", "The service collection.", " name=\"services\"");
        w.Doc("param", "The section holding the options, e.g. configuration.GetSection(\"" + spec.TypePrefix + "\").", " name=\"configuration\"");
        w.Doc("param", "Changes retries and timeouts.", " name=\"resilience\"");
        w.DocXml("returns", "The HTTP client builder.");
        w.Open($"public static {Builder} {spec.AddClientMethodName}(this {Services} services, {Configuration} configuration, {Resilience}? resilience = null)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(configuration);");
        w.Line($"return {spec.AddClientMethodName}(services, options => Bind(options, configuration), resilience);");
        w.Close();
        w.Line();

        w.Doc("summary", "Reads the options from configuration without reflection. A value that does not parse throws, naming the key.");
        w.Doc("param", "The options to fill.", " name=\"options\"");
        w.Doc("param", "The section holding the options.", " name=\"configuration\"");
        w.Open($"public static void Bind({options} options, {Configuration} configuration)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(options);");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(configuration);");
        w.Open("if (configuration[\"BaseAddress\"] is { Length: > 0 } baseAddress)");
        w.Line("options.BaseAddress = global::System.Uri.TryCreate(baseAddress, global::System.UriKind.Absolute, out var uri) ? uri : throw Invalid(\"BaseAddress\", \"an absolute URL\", baseAddress);");
        w.Close();
        foreach (var h in spec.Api.Headers.Where(h => h.Scope == HeaderScope.Client)) BindValue(w, h.PropertyName, h.Type.Kind);
        foreach (var p in spec.Api.ClientParameters) BindValue(w, p.PropertyName!, ValueKind.String);
        BindValue(w, "ValidateResponses", ValueKind.Boolean);
        if (errors?.LoadingStatus is not null)
        {
            w.Line("var loading = configuration.GetSection(\"LoadingRetry\");");
            w.Line("if (loading[\"Enabled\"] is { Length: > 0 } enabled) options.LoadingRetry.Enabled = bool.TryParse(enabled, out var e) ? e : throw Invalid(\"LoadingRetry:Enabled\", \"true or false\", enabled);");
            w.Line("if (loading[\"MaxAttempts\"] is { Length: > 0 } attempts) options.LoadingRetry.MaxAttempts = int.TryParse(attempts, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out var a) ? a : throw Invalid(\"LoadingRetry:MaxAttempts\", \"an integer\", attempts);");
        }
        w.Close();
        w.Line();
        w.Line("private static global::System.InvalidOperationException Invalid(string key, string expected, string value)");
        w.Line($"    => new global::System.InvalidOperationException(\"Configuration key '\" + key + \"' of {spec.ClientOptionsName}: expected \" + expected + \", found '\" + value + \"'.\");");
        w.Close();
        w.Close();
    }

    private static void BindValue(SourceWriter w, string property, ValueKind kind)
    {
        var key = SourceWriter.Literal(property);
        var local = "v" + property;
        switch (kind)
        {
            case ValueKind.String:
                w.Line($"if (configuration[{key}] is {{ }} {local}) options.{property} = {local};");
                break;
            case ValueKind.Boolean:
                w.Line($"if (configuration[{key}] is {{ Length: > 0 }} {local}) options.{property} = bool.TryParse({local}, out var p{property}) ? p{property} : throw Invalid({key}, \"true or false\", {local});");
                break;
            case ValueKind.Integer:
            case ValueKind.Long:
            case ValueKind.ULong:
                // The option's own C# type parses it: a value out of its range is refused, never wrapped.
                var parse = kind switch { ValueKind.Integer => "int", ValueKind.Long => "long", _ => "ulong" };
                w.Line($"if (configuration[{key}] is {{ Length: > 0 }} {local}) options.{property} = {parse}.TryParse({local}, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out var p{property}) ? p{property} : throw Invalid({key}, \"an integer\", {local});");
                break;
            case ValueKind.Number:
                w.Line($"if (configuration[{key}] is {{ Length: > 0 }} {local}) options.{property} = double.TryParse({local}, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var p{property}) ? p{property} : throw Invalid({key}, \"a number\", {local});");
                break;
        }
    }
}
