using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Toolkit.AI;

/// <summary>How an embeddings operation takes its texts: OpenAI's <c>input</c> or Hugging Face's and TEI's <c>inputs</c>.</summary>
public enum EmbeddingRequestForm
{
    /// <summary><c>{"input": [...], "model": ..., "dimensions": ...}</c>, answered <c>{"data": [{"embedding": [...], "index": 0}], "usage": ...}</c>.</summary>
    Input,

    /// <summary><c>{"inputs": [...]}</c>, answered with the vectors as nested arrays.</summary>
    Inputs,
}

/// <summary>What to do when a service answers one vector per token instead of one per text.</summary>
public enum TokenPooling
{
    /// <summary>Refuse the answer: a token's vector is not a text's embedding (the default).</summary>
    None = 0,

    /// <summary>The mean of the tokens' vectors: sentence-transformers' usual pooling. Your choice, not the service's.</summary>
    Mean,
}

/// <summary>
/// A generated client's embeddings operation, as <see cref="ToolkitEmbeddingGenerator{TRequest, TResponse}"/> calls
/// it. The generated <c>AsIEmbeddingGenerator()</c> fills it in.
/// </summary>
public sealed class EmbeddingEndpoint<TRequest, TResponse>
{
    /// <summary>Names the service in <c>EmbeddingGeneratorMetadata</c> (the spec's name).</summary>
    public required string ProviderName { get; init; }

    /// <summary>The client's base address.</summary>
    public Uri? ProviderUri { get; init; }

    /// <summary>The model used when <c>EmbeddingGenerationOptions.ModelId</c> is not set.</summary>
    public string? DefaultModelId { get; init; }

    /// <summary>How the request carries the texts.</summary>
    public required EmbeddingRequestForm Form { get; init; }

    /// <summary>The wire names of the request's top-level fields.</summary>
    public required IReadOnlyCollection<string> RequestFields { get; init; }

    /// <summary>Reads a request from JSON (<c>Deserialize{Op}Request</c>).</summary>
    public required Func<ReadOnlyMemory<byte>, TRequest> ReadRequest { get; init; }

    /// <summary>Writes a request as JSON (<c>Serialize{Op}Request</c>).</summary>
    public required Func<TRequest, byte[]> WriteRequest { get; init; }

    /// <summary>Writes an answer as JSON (<c>Serialize{Op}Response</c>).</summary>
    public required Func<TResponse, byte[]> WriteResponse { get; init; }

    /// <summary>Sends the request (<c>{Op}Async</c>); the string is the model, for a path that has one.</summary>
    public required Func<string?, TRequest, CancellationToken, Task<TResponse>> Generate { get; init; }

    /// <summary>What to do with one vector per token (see <see cref="TokenPooling"/>).</summary>
    public TokenPooling TokenPooling { get; init; }
}
