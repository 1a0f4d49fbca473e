using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Toolkit.AI;

/// <summary>
/// A generated client's embeddings operation as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings:
/// the texts written as the operation's request (<c>input</c> or <c>inputs</c>), sent by the generated client, and the
/// typed answer read back: OpenAI's <c>data</c> list, or the vectors as nested arrays (one per text; one per token
/// only with <see cref="TokenPooling"/>). Each embedding's <c>ModelId</c> is the model asked for, or the one the
/// answer names.
/// </summary>
public sealed class ToolkitEmbeddingGenerator<TRequest, TResponse> : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbeddingEndpoint<TRequest, TResponse> _endpoint;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Wraps the operation <paramref name="endpoint"/> describes.</summary>
    public ToolkitEmbeddingGenerator(EmbeddingEndpoint<TRequest, TResponse> endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _endpoint = endpoint;
        _metadata = new EmbeddingGeneratorMetadata(endpoint.ProviderName, endpoint.ProviderUri, endpoint.DefaultModelId);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToList();
        if (options?.RawRepresentationFactory is not null) throw new NotSupportedException("EmbeddingGenerationOptions.RawRepresentationFactory is not supported: set the spec's fields through AdditionalProperties.");
        var model = options?.ModelId ?? _endpoint.DefaultModelId;
        var written = EmbeddingWire.WriteRequest(texts, options, model, _endpoint.Form, _endpoint.RequestFields);
        var request = _endpoint.ReadRequest(written);
        RequestFidelity.Check(_endpoint.ProviderName, written, _endpoint.WriteRequest(request));
        var answer = await _endpoint.Generate(model, request, cancellationToken).ConfigureAwait(false);
        var result = EmbeddingWire.ReadResponse(_endpoint.WriteResponse(answer), texts.Count, model, _endpoint.TokenPooling);
        return result;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to dispose: the generated client and its HttpClient stay the caller's.</summary>
    public void Dispose()
    {
    }
}
