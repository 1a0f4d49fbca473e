using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Toolkit.Runtime.Json;

namespace Toolkit.AI;

/// <summary>Texts as an embeddings request, and an embeddings answer (either wire form) as embeddings.</summary>
internal static class EmbeddingWire
{
    public static byte[] WriteRequest(List<string> texts, EmbeddingGenerationOptions? options, string? model, EmbeddingRequestForm form, IReadOnlyCollection<string> fields)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (model is not null && fields.Contains("model")) w.WriteString("model", model);
            w.WriteStartArray(form == EmbeddingRequestForm.Input ? "input" : "inputs");
            foreach (var text in texts) w.WriteStringValue(text ?? throw new ArgumentException("A text to embed is null.", nameof(texts)));
            w.WriteEndArray();
            if (options?.Dimensions is { } dimensions) w.WriteNumber("dimensions", dimensions);
            if (options?.AdditionalProperties is { } extra)
            {
                foreach (var (name, value) in extra)
                {
                    w.WritePropertyName(name);
                    AIJson.Write(w, value);
                }
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="JsonPayloadException">The answer does not hold one vector per text.</exception>
    /// <exception cref="NotSupportedException">The answer holds one vector per token and <paramref name="pooling"/> is <see cref="TokenPooling.None"/>.</exception>
    public static GeneratedEmbeddings<Embedding<float>> ReadResponse(ReadOnlyMemory<byte> json, int count, string? model, TokenPooling pooling)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var vectors = new List<float[]>();
        UsageDetails? usage = null;
        AdditionalPropertiesDictionary? extra = null;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            // OpenAI's form: {data: [{embedding, index}], model, usage}; ordered by index.
            var items = data.EnumerateArray().Select((item, i) => (Index: item.TryGetProperty("index", out var x) && x.TryGetInt32(out var n) ? n : i, Item: item))
                .OrderBy(p => p.Index).ToList();
            foreach (var (index, item) in items) vectors.Add(Vector(item.GetProperty("embedding"), $"$.data[{index.ToString(CultureInfo.InvariantCulture)}].embedding"));
            if (root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String) model ??= m.GetString();
            if (root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            {
                usage = new UsageDetails
                {
                    InputTokenCount = u.TryGetProperty("prompt_tokens", out var p) && p.TryGetInt64(out var pt) ? pt : null,
                    TotalTokenCount = u.TryGetProperty("total_tokens", out var t) && t.TryGetInt64(out var tt) ? tt : null,
                };
            }
            foreach (var p in root.EnumerateObject())
            {
                if (p.Name is "data" or "model" or "usage" || p.Value.ValueKind == JsonValueKind.Null) continue;
                (extra ??= new())[p.Name] = p.Value.Clone();
            }
        }
        else if (root.ValueKind == JsonValueKind.Array)
        {
            var depth = Depth(root);
            if (depth == 1)
            {
                vectors.Add(Vector(root, "$")); // one text, one vector
            }
            else if (depth == 2)
            {
                var i = 0;
                foreach (var v in root.EnumerateArray()) vectors.Add(Vector(v, $"$[{(i++).ToString(CultureInfo.InvariantCulture)}]"));
            }
            else
            {
                var i = 0;
                foreach (var tokens in root.EnumerateArray()) vectors.Add(Pool(tokens, i++, pooling));
            }
        }
        else
        {
            throw new JsonPayloadException("$", "an object with 'data', or arrays of numbers", root.ValueKind.ToString());
        }
        if (vectors.Count != count)
        {
            throw new JsonPayloadException("$", $"one vector per text ({count.ToString(CultureInfo.InvariantCulture)})", $"{vectors.Count.ToString(CultureInfo.InvariantCulture)} vectors");
        }
        var result = new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = model })) { Usage = usage, AdditionalProperties = extra };
        return result;
    }

    private static int Depth(JsonElement element)
    {
        var depth = 0;
        while (element.ValueKind == JsonValueKind.Array)
        {
            depth++;
            if (element.GetArrayLength() == 0) break;
            element = element[0];
        }
        return depth;
    }

    private static float[] Pool(JsonElement tokens, int text, TokenPooling pooling)
    {
        var path = $"$[{text.ToString(CultureInfo.InvariantCulture)}]";
        if (tokens.ValueKind != JsonValueKind.Array || tokens.GetArrayLength() == 0) throw new JsonPayloadException(path, "a non-empty list of token vectors", tokens.ValueKind.ToString());
        var vectors = tokens.EnumerateArray().Select((t, i) => Vector(t, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList();
        if (vectors.Count == 1) return vectors[0];
        if (pooling == TokenPooling.None)
        {
            throw new NotSupportedException(
                $"The service answered {vectors.Count.ToString(CultureInfo.InvariantCulture)} vectors for text {text.ToString(CultureInfo.InvariantCulture)}, one per token " +
                $"({vectors[0].Length.ToString(CultureInfo.InvariantCulture)} dimensions each), not one embedding per text: the model is not a sentence-embedding model. " +
                "Use one that is, or choose TokenPooling.Mean to average the tokens' vectors.");
        }
        var mean = new float[vectors[0].Length];
        foreach (var v in vectors)
        {
            if (v.Length != mean.Length) throw new JsonPayloadException(path, $"token vectors of {mean.Length.ToString(CultureInfo.InvariantCulture)} dimensions", $"one of {v.Length.ToString(CultureInfo.InvariantCulture)}");
            for (var i = 0; i < mean.Length; i++) mean[i] += v[i];
        }
        for (var i = 0; i < mean.Length; i++) mean[i] /= vectors.Count;
        return mean;
    }

    private static float[] Vector(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            // encoding_format base64: little-endian float32s.
            var bytes = Convert.FromBase64String(element.GetString()!);
            if (bytes.Length % 4 != 0) throw new JsonPayloadException(path, "base64 of float32 values", $"{bytes.Length.ToString(CultureInfo.InvariantCulture)} bytes");
            var floats = new float[bytes.Length / 4];
            for (var i = 0; i < floats.Length; i++) floats[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * 4));
            return floats;
        }
        if (element.ValueKind != JsonValueKind.Array) throw new JsonPayloadException(path, "a vector (an array of numbers)", element.ValueKind.ToString());
        var result = new float[element.GetArrayLength()];
        var k = 0;
        foreach (var x in element.EnumerateArray())
        {
            if (x.ValueKind != JsonValueKind.Number) throw new JsonPayloadException($"{path}[{k.ToString(CultureInfo.InvariantCulture)}]", "a number", x.ValueKind.ToString());
            result[k++] = (float)x.GetDouble();
        }
        return result;
    }
}
