using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using System.Text.RegularExpressions;
using Toolkit.Cli.Specs;
using Toolkit.Testing.Recording;
using Toolkit.Testing.Verification;

namespace Toolkit.Cli.Commands;

/// <summary>
/// <c>toolkit record --spec spec.json --base-url URL --out cassette.json --input body</c>: sends the spec's
/// operation to a service, writes the exchange to a (redacted) cassette, and verifies it.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var spec = new Option<FileInfo>("--spec") { Description = "The spec whose operation is sent.", Required = true };
        var baseUrl = new Option<string?>("--base-url") { Description = "The service's base address, e.g. http://127.0.0.1:5000." };
        var from = new Option<FileInfo?>("--from") { Description = "Instead of sending: convert a neutral exchange file (../shared/recorded format) into the cassette." };
        var cassette = new Option<FileInfo>("--out") { Description = "The cassette file to write.", Required = true };
        var input = new Option<FileInfo?>("--input") { Description = "The request body: a JSON file is sent as JSON, anything else as raw bytes." };
        var contentType = new Option<string?>("--content-type") { Description = "The body's media type (default: from the file extension)." };
        var parameters = new Option<string[]>("--param") { Description = "A path parameter as name=value, e.g. model=facebook/detr-resnet-50-panoptic.", AllowMultipleArgumentsPerToken = false };
        var headers = new Option<string[]>("--header") { Description = "A request header as 'Name: value'." };
        var tokenVariable = new Option<string>("--token-env") { Description = "The environment variable holding the bearer token (never written to the cassette).", DefaultValueFactory = _ => "HF_TOKEN" };
        var append = new Option<bool>("--append") { Description = "Add to an existing cassette instead of replacing it." };
        var operation = new Option<string?>("--operation") { Description = "For a whole-API spec: the operation to send or convert (its key or method name)." };
        var command = new Command("record", "Send the spec's operation to a base URL and record the exchange to a redacted cassette, then verify it against the spec.")
        {
            spec, baseUrl, from, cassette, input, contentType, parameters, headers, tokenVariable, append, operation,
        };
        command.SetAction((result, cancellationToken) => result.GetValue(from) is { } exchanges
            ? System.Threading.Tasks.Task.FromResult(Convert(result.GetValue(spec)!, exchanges, result.GetValue(cassette)!, result.GetValue(operation), output, error))
            : RunAsync(
            result.GetValue(spec)!, result.GetValue(baseUrl), result.GetValue(cassette)!, result.GetValue(input), result.GetValue(contentType),
            result.GetValue(parameters) ?? Array.Empty<string>(), result.GetValue(headers) ?? Array.Empty<string>(),
            result.GetValue(tokenVariable)!, result.GetValue(append), result.GetValue(operation), output, error, cancellationToken));
        return command;
    }

    private static async System.Threading.Tasks.Task<int> RunAsync(
        FileInfo specFile, string? baseUrlText, FileInfo cassette, FileInfo? input, string? contentType, string[] parameters, string[] headers,
        string tokenVariable, bool append, string? operation, TextWriter output, TextWriter error, System.Threading.CancellationToken cancellationToken)
    {
        if (!specFile.Exists)
        {
            error.WriteLine($"error: spec file '{specFile.FullName}' does not exist.");
            return ExitCodes.InvalidInput;
        }
        if (baseUrlText is null)
        {
            error.WriteLine("error: give --base-url (record against a service) or --from (convert an exchange file).");
            return ExitCodes.InvalidInput;
        }
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"error: --base-url '{baseUrlText}' is not an absolute http(s) URL.");
            return ExitCodes.InvalidInput;
        }
        if (input is { Exists: false })
        {
            error.WriteLine($"error: input file '{input.FullName}' does not exist.");
            return ExitCodes.InvalidInput;
        }
        if (!OutputFiles.CanWrite(cassette, "--out", error)) return ExitCodes.InvalidInput;
        MediaTypeHeaderValue? mediaType = null;
        if (input is not null && !MediaTypeHeaderValue.TryParse(contentType ?? MediaTypeFor(input.Extension), out mediaType))
        {
            error.WriteLine($"error: --content-type '{contentType}' is not a media type (e.g. image/png).");
            return ExitCodes.InvalidInput;
        }
        var (contract, errors) = SpecCompiler.Compile(specFile.FullName, operation);
        if (contract is null)
        {
            foreach (var e in errors) error.WriteLine(e);
            return ExitCodes.InvalidInput;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in parameters)
        {
            var eq = p.IndexOf('=');
            if (eq <= 0)
            {
                error.WriteLine($"error: --param '{p}' is not name=value.");
                return ExitCodes.InvalidInput;
            }
            values[p[..eq]] = p[(eq + 1)..];
        }
        var missing = Regex.Matches(contract.PathTemplate, "{([^}]+)}").Select(m => m.Groups[1].Value).Where(n => !values.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            error.WriteLine($"error: the path {contract.PathTemplate} needs " + string.Join(", ", missing.Select(n => $"--param {n}=...")) + ".");
            return ExitCodes.InvalidInput;
        }
        // Parameters may hold slashes (model ids): escape each segment, keep the slashes.
        var path = Regex.Replace(contract.PathTemplate, "{([^}]+)}", m => string.Join("/", values[m.Groups[1].Value].Split('/').Select(Uri.EscapeDataString)));
        var url = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + path);

        using var request = new HttpRequestMessage(new HttpMethod(contract.HttpMethod), url);
        if (input is not null)
        {
            request.Content = new ByteArrayContent(await File.ReadAllBytesAsync(input.FullName, cancellationToken));
            request.Content.Headers.ContentType = mediaType;
        }
        try
        {
            foreach (var h in headers)
            {
                var colon = h.IndexOf(':');
                if (colon <= 0 || !IsToken(h[..colon].Trim()))
                {
                    error.WriteLine($"error: --header '{Toolkit.Runtime.Errors.Secrets.ScrubTokenShapes(h)}' is not 'Name: value'.");
                    return ExitCodes.InvalidInput;
                }
                Toolkit.Runtime.Transport.ApiHeaders.Add(request, h[..colon].Trim(), h[(colon + 1)..].Trim());
            }
            if (Environment.GetEnvironmentVariable(tokenVariable) is { Length: > 0 } token)
            {
                Toolkit.Runtime.Transport.ApiHeaders.AddBearer(request, "Authorization", token);
            }
        }
        catch (Toolkit.Runtime.Errors.InvalidHeaderValueException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }

        // A whole API's exchange names its operation, so that verify and replay route it even on a shared path.
        var options = new RecordingOptions { Mode = append ? RecordingMode.Auto : RecordingMode.Record, Contract = contract, Operation = contract.OperationName };
        using var handler = new RecordingHandler(cassette.FullName, options, new SocketsHttpHandler());
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMinutes(5) };
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            output.WriteLine($"{contract.HttpMethod} {url} -> {(int)response.StatusCode} {response.ReasonPhrase}");
        }
        catch (HttpRequestException e)
        {
            error.WriteLine($"error: {url.GetLeftPart(UriPartial.Authority)} could not be reached: {e.Message}");
            return ExitCodes.Unreachable;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error.WriteLine($"error: {url.GetLeftPart(UriPartial.Authority)} did not answer within {http.Timeout.TotalSeconds:0} s.");
            return ExitCodes.Unreachable;
        }
        catch (Toolkit.Runtime.Errors.ResponseTooLargeException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (Toolkit.Testing.Redaction.RedactionException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        output.WriteLine($"Recorded {handler.Cassette.Exchanges.Count} exchange(s) to {cassette.FullName} (secrets redacted).");

        var report = new ContractVerifier(contract).Verify(handler.Cassette, cassette.FullName);
        output.Write(report.ToText());
        return report.IsClean ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    /// <summary>An exchange file as a cassette: same exchanges, the spec's identity in the header, redacted on save.</summary>
    private static int Convert(FileInfo specFile, FileInfo exchanges, FileInfo cassetteFile, string? operation, TextWriter output, TextWriter error)
    {
        if (!specFile.Exists || !exchanges.Exists)
        {
            error.WriteLine($"error: '{(specFile.Exists ? exchanges.FullName : specFile.FullName)}' does not exist.");
            return ExitCodes.InvalidInput;
        }
        var (contract, errors) = SpecCompiler.Compile(specFile.FullName, operation);
        if (contract is null)
        {
            foreach (var e in errors) error.WriteLine(e);
            return ExitCodes.InvalidInput;
        }
        if (!OutputFiles.CanWrite(cassetteFile, "--out", error)) return ExitCodes.InvalidInput;
        Toolkit.Testing.Cassettes.Cassette cassette;
        try
        {
            cassette = Toolkit.Testing.Import.ExchangeFileImporter.Import(exchanges.FullName);
        }
        catch (Toolkit.Testing.Cassettes.CassetteFormatException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        cassette.Spec = new Toolkit.Testing.Cassettes.CassetteSpec(contract.SpecName, contract.SpecVersion, contract.SpecSha256);
        try
        {
            Toolkit.Testing.Cassettes.CassetteFile.Save(cassette, cassetteFile.FullName);
        }
        catch (Toolkit.Testing.Redaction.RedactionException e)
        {
            error.WriteLine("error: " + e.Message);
            return ExitCodes.InvalidInput;
        }
        output.WriteLine($"Converted {cassette.Exchanges.Count} exchange(s) from {exchanges.Name} to {cassetteFile.FullName} (secrets redacted).");
        var report = new ContractVerifier(contract).Verify(cassette, cassetteFile.FullName);
        output.Write(report.ToText());
        return report.IsClean ? ExitCodes.Success : ExitCodes.ProblemsFound;
    }

    private static bool IsToken(string name) => name.Length > 0 && name.All(c => c < 0x7f && (char.IsLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c)));

    private static string MediaTypeFor(string extension) => extension.ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".png" => "image/png",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        ".bmp" => "image/bmp",
        ".wav" => "audio/wav",
        ".mp3" => "audio/mpeg",
        ".flac" => "audio/flac",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };
}
