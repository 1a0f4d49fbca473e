namespace Toolkit.Generator.Naming;

/// <summary>
/// The names of generated members users never call (private readers, writers, validators, request builders, fields).
/// They are made here, beside <see cref="Names"/>, so the emitter that declares a helper and the emitters that call it
/// cannot drift apart, and a generated type named like a helper's prefix is seen in one place.
/// </summary>
internal static class HelperNames
{
    /// <summary>The serializer's reader of a named type: <c>Read{Type}</c>.</summary>
    public static string Reader(string typeName) => "Read" + typeName;

    /// <summary>The serializer's writer of a named type: <c>Write{Type}</c>.</summary>
    public static string Writer(string typeName) => "Write" + typeName;

    /// <summary>The validator of a named object or union: <c>Validate{Type}</c>.</summary>
    public static string Validator(string typeName) => "Validate" + typeName;

    /// <summary>
    /// One part of a large object's reader, writer or validator (<c>Read{Type}0</c>, ...): numbered because the parts
    /// are cuts of one method to keep each under the JIT's size limits, not names of anything in the spec.
    /// </summary>
    public static string Part(string helper, int index) => helper + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The validator's list of an enum's wire names for its error message: <c>Allowed{Enum}</c>.</summary>
    public static string AllowedValues(string enumName) => "Allowed" + enumName;

    /// <summary>The client's builder of an operation's request message: <c>CreateRequest{Method}</c>.</summary>
    public static string CreateRequest(string method) => "CreateRequest" + method;

    /// <summary>The client's builder of a streamed operation's request message: <c>CreateStreamRequest{Method}</c>.</summary>
    public static string CreateStreamRequest(string method) => "CreateStreamRequest" + method;

    /// <summary>The client's builder of an operation's URI: <c>BuildUri{Method}</c>.</summary>
    public static string BuildUri(string method) => "BuildUri" + method;

    /// <summary>The client's reader and checker of an operation's answer: <c>ReadResponse{Method}</c>.</summary>
    public static string ReadResponse(string method) => "ReadResponse" + method;

    /// <summary>The client's builder of a job's poll request: <c>CreatePollRequest{Method}</c>.</summary>
    public static string CreatePollRequest(string method) => "CreatePollRequest" + method;

    /// <summary>The client's builder of a done job's result request: <c>CreateResultRequest{Method}</c>.</summary>
    public static string CreateResultRequest(string method) => "CreateResultRequest" + method;

    /// <summary>The client's states of a polled job: <c>PollStates{Method}</c>.</summary>
    public static string PollStates(string method) => "PollStates" + method;

    /// <summary>The client's telemetry descriptor of an operation: <c>Operation{Method}</c>.</summary>
    public static string OperationField(string method) => "Operation" + method;

    /// <summary>The client's event-stream format of a streamed operation: <c>StreamFormat{Method}</c>.</summary>
    public static string StreamFormat(string method) => "StreamFormat" + method;

    /// <summary>
    /// The client's transport field for a success content type: the first is <c>_transport</c>, the others named by their
    /// media type (<c>*/*</c> → <c>_transportAnyAny</c>, <c>text/plain</c> → <c>_transportTextPlain</c>).
    /// </summary>
    public static string TransportField(string contentType, bool first)
        => first ? "_transport" : "_transport" + Names.ToPascalCase(contentType.Replace("*", "any").Replace("+", "-plus-"));

    /// <summary>A request builder's parameter carrying a path parameter's value into the body: <c>path{Name}</c>.</summary>
    public static string PathFill(string parameterName) => "path" + Names.ToPascalCase(parameterName);
}
