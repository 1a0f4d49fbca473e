using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;

namespace Toolkit.Testing.Contracts;

/// <summary>
/// A recorded call to make again through the generated client (<see cref="IApiContract.ReplayAsync"/>): the values
/// taken from the recorded request, and the handler that will answer it with the recorded response.
/// </summary>
public sealed class ReplayCall
{
    /// <summary>A call to replay.</summary>
    public ReplayCall(HttpMessageHandler handler, Uri baseAddress, IReadOnlyDictionary<string, string> pathValues,
        IReadOnlyDictionary<string, string> query, ReadOnlyMemory<byte> body, bool bodyIsJson)
    {
        Handler = handler ?? throw new ArgumentNullException(nameof(handler));
        BaseAddress = baseAddress ?? throw new ArgumentNullException(nameof(baseAddress));
        PathValues = pathValues ?? throw new ArgumentNullException(nameof(pathValues));
        QueryValues = query ?? throw new ArgumentNullException(nameof(query));
        Body = body;
        BodyIsJson = bodyIsJson;
    }

    /// <summary>Answers what the client sends; the client is built over it and does not dispose it.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>The base address the client is given, so that the recorded path is what it sends.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The path parameters, by their names in the path template, unescaped.</summary>
    public IReadOnlyDictionary<string, string> PathValues { get; }

    /// <summary>The query parameters, unescaped.</summary>
    public IReadOnlyDictionary<string, string> QueryValues { get; }

    /// <summary>The recorded request body (empty when there was none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Whether <see cref="Body"/> is JSON (read with the generated reader) rather than raw bytes.</summary>
    public bool BodyIsJson { get; }

    /// <summary>A path parameter; a recording routed to the operation always has it.</summary>
    public string Path(string name)
        => PathValues.TryGetValue(name, out var value) ? value : throw new ArgumentException($"The recorded path has no value for {{{name}}}.", nameof(name));

    /// <summary>A query parameter as text, or null when the recording did not send it.</summary>
    public string? Query(string name) => QueryValues.TryGetValue(name, out var value) ? value : null;

    /// <summary>A required query parameter as text.</summary>
    public string RequiredQuery(string name)
        => Query(name) ?? throw new ArgumentException($"The recorded request has no value for the required query parameter '{name}'.", nameof(name));

    /// <summary>A query parameter read as a 64-bit integer.</summary>
    public long? QueryInteger(string name) => QueryInt64(name);

    // One reader per integer format (the integer policy): a value out of the format's range is a FormatException, never a wrap.

    /// <summary>A query parameter read as an integer of <c>format: int32</c>.</summary>
    public int? QueryInt32(string name)
        => Query(name) is { } text ? int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw NotInteger(name, text, "-2147483648", "2147483647") : null;

    /// <summary>A query parameter read as an integer of <c>format: int64</c>, or of no format.</summary>
    public long? QueryInt64(string name)
        => Query(name) is { } text ? long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw NotInteger(name, text, "-9223372036854775808", "9223372036854775807") : null;

    /// <summary>A query parameter read as an integer of <c>format: uint32</c> (a <c>long</c> parameter).</summary>
    public long? QueryUInt32(string name)
        => Query(name) is { } text ? uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw NotInteger(name, text, "0", "4294967295") : null;

    /// <summary>A query parameter read as an integer of <c>format: uint64</c>.</summary>
    public ulong? QueryUInt64(string name)
        => Query(name) is { } text ? ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw NotInteger(name, text, "0", "18446744073709551615") : null;

    private static FormatException NotInteger(string name, string text, string minimum, string maximum)
        => new($"The query parameter '{name}' is '{text}', not an integer from {minimum} to {maximum}.");

    /// <summary>A query parameter read as a number.</summary>
    public double? QueryNumber(string name)
        => Query(name) is { } text ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
            : throw new FormatException($"The query parameter '{name}' is '{text}', not a number.") : null;

    /// <summary>A query parameter read as true or false.</summary>
    public bool? QueryBoolean(string name) => Query(name) switch
    {
        null => null,
        "true" => true,
        "false" => false,
        var text => throw new FormatException($"The query parameter '{name}' is '{text}', not true or false."),
    };
}
