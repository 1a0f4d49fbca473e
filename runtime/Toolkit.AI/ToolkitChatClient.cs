using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Toolkit.AI;

/// <summary>
/// A generated client's chat-completion operation as an <see cref="IChatClient"/>. Messages and options are written
/// as the OpenAI-style request every such operation reads, read into the spec's request type (so the generated client
/// validates and sends it as any call: its transport, retries, limits, errors and telemetry), and the typed answer is
/// read back into a <see cref="ChatResponse"/> whose <c>RawRepresentation</c> is the spec's own answer object.
/// </summary>
/// <remarks>
/// What maps: text and image parts, tool calls (<see cref="FunctionCallContent"/>) and results
/// (<see cref="FunctionResultContent"/>), instructions, temperature, top-p, top-k, penalties, seed, stop sequences,
/// maximum tokens, reasoning effort, response formats (text, JSON, JSON schema), tools and tool modes, parallel tool
/// calls; each option is sent only where the spec's request has its field. Back: text, reasoning, tool calls, finish
/// reason, usage, model id, response id and creation time; every other field in <c>AdditionalProperties</c>.
/// A request value the spec's type cannot hold is a <see cref="NotSupportedException"/> naming it, never dropped.
/// </remarks>
public sealed class ToolkitChatClient<TRequest, TResponse, TEvent> : IChatClient
{
    private readonly ChatCompletionEndpoint<TRequest, TResponse, TEvent> _endpoint;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Wraps the operation <paramref name="endpoint"/> describes.</summary>
    public ToolkitChatClient(ChatCompletionEndpoint<TRequest, TResponse, TEvent> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Stream is not null && endpoint.WriteEvent is null) throw new ArgumentException("A streamed form needs WriteEvent.", nameof(endpoint));
        _endpoint = endpoint;
        _metadata = new ChatClientMetadata(endpoint.ProviderName, endpoint.ProviderUri, endpoint.DefaultModelId);
    }

    /// <inheritdoc />
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var model = options?.ModelId ?? _endpoint.DefaultModelId;
        var request = Request(messages, options, model, streamed: false);
        var answer = await _endpoint.Complete(model, request, cancellationToken).ConfigureAwait(false);
        var response = ChatResponseReader.Read(_endpoint.WriteResponse(answer));
        response.RawRepresentation = answer;
        return response;
    }

    /// <inheritdoc />
    /// <remarks>Text and reasoning arrive as they are generated; tool calls come whole, in one update after the last chunk (their arguments arrive in pieces).</remarks>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_endpoint.Stream is null)
        {
            // No streamed form in the spec: the whole answer, as one update per message.
            var whole = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            foreach (var update in whole.ToChatResponseUpdates()) yield return update;
            yield break;
        }
        var model = options?.ModelId ?? _endpoint.DefaultModelId;
        var request = Request(messages, options, model, streamed: true);
        var calls = new ToolCallAssembler();
        ChatResponseUpdate? last = null;
        await foreach (var chunk in _endpoint.Stream(model, request, cancellationToken).ConfigureAwait(false))
        {
            var update = ChatResponseReader.ReadChunk(_endpoint.WriteEvent!(chunk), calls);
            update.RawRepresentation = chunk;
            last = update;
            yield return update;
        }
        if (!calls.IsEmpty)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, calls.Complete())
            {
                ResponseId = last?.ResponseId,
                MessageId = last?.MessageId,
                CreatedAt = last?.CreatedAt,
                ModelId = last?.ModelId,
            };
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ChatClientMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to dispose: the generated client and its HttpClient stay the caller's.</summary>
    public void Dispose()
    {
    }

    private TRequest Request(IEnumerable<ChatMessage> messages, ChatOptions? options, string? model, bool streamed)
    {
        var written = ChatRequestWriter.Write(messages, options, model, streamed, _endpoint.RequestFields, _endpoint.MessageFields);
        var request = _endpoint.ReadRequest(written);
        RequestFidelity.Check(_endpoint.ProviderName, written, _endpoint.WriteRequest(request));
        return request;
    }
}
