using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.AI;

/// <summary>
/// A generated client's chat-completion operation, as <see cref="ToolkitChatClient{TRequest, TResponse, TEvent}"/>
/// calls it: the spec's own request, answer and event types, and the generated serializer's entry points. The
/// generated <c>AsIChatClient()</c> fills it in; the mapping to and from Microsoft.Extensions.AI is done here, once, on
/// the OpenAI-style JSON every chat-completion operation speaks.
/// </summary>
/// <typeparam name="TRequest">The operation's request type.</typeparam>
/// <typeparam name="TResponse">The operation's answer type.</typeparam>
/// <typeparam name="TEvent">The type of its streamed form's events (the answer type when it has none).</typeparam>
public sealed class ChatCompletionEndpoint<TRequest, TResponse, TEvent>
{
    /// <summary>Names the service in <c>ChatClientMetadata</c> (the spec's name), e.g. <c>inference-providers</c>.</summary>
    public required string ProviderName { get; init; }

    /// <summary>The client's base address.</summary>
    public Uri? ProviderUri { get; init; }

    /// <summary>The model used when <c>ChatOptions.ModelId</c> is not set.</summary>
    public string? DefaultModelId { get; init; }

    /// <summary>The wire names of the request's top-level fields: what the spec lets the adapter send.</summary>
    public required IReadOnlyCollection<string> RequestFields { get; init; }

    /// <summary>
    /// The wire names of a message's fields, or null when the spec does not describe them: <c>tool_call_id</c> and
    /// <c>name</c> are sent only where a message has them (text-generation-inference's messages have no
    /// <c>tool_call_id</c>: it answers tool results in order).
    /// </summary>
    public IReadOnlyCollection<string>? MessageFields { get; init; }

    /// <summary>Reads a request from JSON (the generated serializer's <c>Deserialize{Op}Request</c>).</summary>
    public required Func<ReadOnlyMemory<byte>, TRequest> ReadRequest { get; init; }

    /// <summary>Writes a request as JSON (the generated serializer's <c>Serialize{Op}Request</c>).</summary>
    public required Func<TRequest, byte[]> WriteRequest { get; init; }

    /// <summary>Writes an answer as JSON (the generated serializer's <c>Serialize{Op}Response</c>).</summary>
    public required Func<TResponse, byte[]> WriteResponse { get; init; }

    /// <summary>Sends the request (the generated <c>{Op}Async</c>); the string is the model, for a path that has one.</summary>
    public required Func<string?, TRequest, CancellationToken, Task<TResponse>> Complete { get; init; }

    /// <summary>Sends the request streamed (the generated <c>{Op}StreamAsync</c>), or null when the operation has no streamed form.</summary>
    public Func<string?, TRequest, CancellationToken, IAsyncEnumerable<TEvent>>? Stream { get; init; }

    /// <summary>Writes an event as JSON (the generated serializer's <c>Serialize{Op}Event</c>); required with <see cref="Stream"/>.</summary>
    public Func<TEvent, byte[]>? WriteEvent { get; init; }
}
