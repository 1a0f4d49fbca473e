using System;
using System.Collections.Generic;
using Toolkit.Runtime.Validation;

namespace Toolkit.Testing.Contracts;

/// <summary>
/// One spec version's contract as data, generated as <c>{Prefix}Contract.Instance</c>: what contract tests check
/// recorded responses against (statuses, content type, JSON Schemas of the bodies) and the generated reader and
/// validator, so that a check also proves the generated client can read each recording.
/// </summary>
public interface IApiContract
{
    /// <summary>The spec's <c>name</c>, e.g. <c>image-segmentation</c>.</summary>
    string SpecName { get; }

    /// <summary>The spec's semantic version.</summary>
    string SpecVersion { get; }

    /// <summary>Lower-case hex SHA-256 of the spec's UTF-8 text.</summary>
    string SpecSha256 { get; }

    /// <summary>The operation's name in the spec, e.g. <c>text-classification</c>.</summary>
    string OperationName { get; }

    /// <summary>The base URLs the API documents, the default first: a recorded URL under one of them routes by the rest of its path.</summary>
    IReadOnlyList<string> BaseUrls { get; }

    /// <summary>The path parameters whose values may hold '/', e.g. <c>model</c> for <c>org/name</c> ids.</summary>
    IReadOnlyList<string> SlashParameters { get; }

    /// <summary>Query parameters the client adds to every request from its options (an API key in the query): not the operation's own.</summary>
    IReadOnlyList<string> ClientQueryParameters => System.Array.Empty<string>();

    /// <summary>The HTTP method of the operation.</summary>
    string HttpMethod { get; }

    /// <summary>The path template, e.g. <c>/models/{model}</c>.</summary>
    string PathTemplate { get; }

    /// <summary>The documented success statuses.</summary>
    IReadOnlyList<int> SuccessStatuses { get; }

    /// <summary>The documented error statuses (may be empty).</summary>
    IReadOnlyList<int> ErrorStatuses { get; }

    /// <summary>The media type of a success body, e.g. <c>application/json</c>.</summary>
    string ResponseContentType { get; }

    /// <summary>The JSON Schema (draft-07) of a success body; null when the body is not JSON (raw bytes).</summary>
    string? ResponseJsonSchema { get; }

    /// <summary>The JSON Schema of an error body; null when the spec documents none.</summary>
    string? ErrorJsonSchema { get; }

    /// <summary>Reads a success body with the generated reader; throws <see cref="Toolkit.Runtime.Json.JsonPayloadException"/> when it cannot.</summary>
    object DeserializeResponse(ReadOnlyMemory<byte> body);

    /// <summary>
    /// Writes what <see cref="DeserializeResponse"/> or the client (<see cref="ReplayAsync"/>) returned with the generated
    /// writer (raw bytes as they are); for a <c>single</c> response, the client's element as the one-element array it came in.
    /// </summary>
    byte[] SerializeResponse(object response);

    /// <summary>
    /// Makes a recorded call again through the generated client, over <see cref="ReplayCall.Handler"/>: the request
    /// body read with the generated reader, path and query values as arguments. Returns what a caller receives, or
    /// throws what a caller would catch.
    /// </summary>
    System.Threading.Tasks.Task<object> ReplayAsync(ReplayCall call, System.Threading.CancellationToken cancellationToken = default);

    /// <summary>The JSON Schema of one event of the streamed form; null when the operation does not stream.</summary>
    string? StreamEventJsonSchema { get; }

    /// <summary>The data that ends the stream (e.g. <c>[DONE]</c>); null when it just ends, or there is no stream.</summary>
    string? StreamSentinel { get; }

    /// <summary>Reads one event's data with the generated reader; throws <see cref="NotSupportedException"/> without a stream.</summary>
    object DeserializeEvent(ReadOnlyMemory<byte> data);

    /// <summary>Writes an event with the generated writer; throws <see cref="NotSupportedException"/> without a stream.</summary>
    byte[] SerializeEvent(object value);

    /// <summary>
    /// The streamed form of <see cref="ReplayAsync"/>: the recorded call made again through the generated
    /// <c>{Operation}StreamAsync</c>, its events as they are read.
    /// </summary>
    IAsyncEnumerable<object> ReplayStreamAsync(ReplayCall call, System.Threading.CancellationToken cancellationToken = default);

    /// <summary>Runs the generated response validator on what <see cref="DeserializeResponse"/> returned.</summary>
    IReadOnlyList<ValidationError> ValidateResponse(object response);

    /// <summary>
    /// Other path templates the service serves this operation at (the spec's <c>alternativePaths</c>, each with its
    /// evidence): a recording made at one is routed to this operation. The client always sends to <see cref="PathTemplate"/>.
    /// </summary>
    IReadOnlyList<string> AlternativePathTemplates => System.Array.Empty<string>();

    /// <summary>The JSON Schema of a JSON request body (the payload); null when the operation sends none.</summary>
    string? RequestJsonSchema => null;

    /// <summary>The media type of a raw (non-JSON) request body, e.g. <c>image/*</c>; null when the operation sends JSON only.</summary>
    string? RawRequestContentType => null;

    /// <summary>
    /// Reads the answer <see cref="ReplayCall.Handler"/> gives as the generated client reads it (transport, error
    /// format, reader), without making the request: for a recorded call whose request was not recorded or is one the
    /// typed client cannot make. Returns the typed result, or throws what a caller would catch.
    /// </summary>
    System.Threading.Tasks.Task<object> ReadAnswerAsync(ReplayCall call, System.Threading.CancellationToken cancellationToken = default)
        => throw new NotSupportedException("This contract was generated before answers could be read on their own.");

    /// <summary>The streamed form of <see cref="ReadAnswerAsync"/>: the events of a recorded stream as the client reads them.</summary>
    IAsyncEnumerable<object> ReadAnswerStreamAsync(ReplayCall call, System.Threading.CancellationToken cancellationToken = default)
        => throw new NotSupportedException("This contract was generated before answers could be read on their own.");
}
