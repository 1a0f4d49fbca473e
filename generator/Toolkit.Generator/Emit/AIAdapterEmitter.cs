using System.Linq;
using Toolkit.Generator.Model;

namespace Toolkit.Generator.Emit;

/// <summary>
/// Emits <c>{Prefix}AIExtensions</c>: <c>AsIChatClient()</c> for the operation whose spec says <c>"abstraction":
/// "chat-completion"</c> and <c>AsIEmbeddingGenerator()</c> for an <c>"embeddings"</c> one, when the project references
/// Toolkit.AI (which brings Microsoft.Extensions.AI.Abstractions). The mapping to and from the abstractions lives in
/// Toolkit.AI, once; what is generated is only how to call this operation: its types, its serializer's entry points,
/// its request's field names and whether its path takes the model.
/// </summary>
internal static class AIAdapterEmitter
{
    private const string Ct = "global::System.Threading.CancellationToken";

    public static void Emit(SourceWriter w, AIAdapterUnit unit)
    {
        var api = unit.Api;
        var ns = api.Namespace;
        var client = "global::" + ns + "." + api.ClientName;
        // One AsIChatClient / AsIEmbeddingGenerator each: the first operation of each kind names it plainly, others by operation.
        var chat = unit.Operations.Where(o => o.Operation.Abstraction == OperationAbstractions.ChatCompletion).ToList();
        var embeddings = unit.Operations.Where(o => o.Operation.Abstraction == OperationAbstractions.Embeddings).ToList();
        w.Open("namespace " + ns);
        w.Doc("summary", $"Microsoft.Extensions.AI for {api.ClientName}: the operations whose spec says they have a chat-completion or embeddings shape.");
        w.Line(SourceWriter.GeneratedCodeAttribute);
        w.Open($"public static partial class {unit.ClassName}");
        var first = true;
        for (var i = 0; i < chat.Count; i++)
        {
            if (!first) w.Line();
            first = false;
            EmitChat(w, api, client, chat[i], i == 0 ? "AsIChatClient" : $"As{chat[i].Operation.MethodName}ChatClient");
        }
        for (var i = 0; i < embeddings.Count; i++)
        {
            if (!first) w.Line();
            first = false;
            EmitEmbeddings(w, api, client, embeddings[i], i == 0 ? "AsIEmbeddingGenerator" : $"As{embeddings[i].Operation.MethodName}EmbeddingGenerator");
        }
        w.Close();
        w.Close();
    }

    private static void EmitChat(SourceWriter w, SpecModel api, string client, AIAdapterOperation adapter, string name)
    {
        var op = adapter.Operation;
        var ns = api.Namespace;
        var request = "global::" + ns + "." + op.RequestTypeName;
        var response = CSharpTypes.Of(op.Response.Result, ns);
        var stream = op.Stream;
        var ev = stream is null ? response : CSharpTypes.Of(stream.Event, ns);
        var serializer = "global::" + ns + "." + api.SerializerName;
        w.Doc("summary", $"The {op.Key} operation ({op.HttpMethod} {op.PathTemplate}) as a Microsoft.Extensions.AI chat client: messages, options, tools, streaming, usage and finish reasons map both ways; the spec's own answer is each response's RawRepresentation.");
        w.Doc("param", "The client to send through (its options, limits and errors apply).", " name=\"client\"");
        w.Doc("param", "The model when ChatOptions.ModelId is not set" + (ModelOption(op) is { } o ? $"; null uses Options.{o}." : "."), " name=\"defaultModelId\"");
        w.Open($"public static global::Microsoft.Extensions.AI.IChatClient {name}(this {client} client, string? defaultModelId = null)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(client);");
        w.Line($"return new global::Toolkit.AI.ToolkitChatClient<{request}, {response}, {ev}>(new global::Toolkit.AI.ChatCompletionEndpoint<{request}, {response}, {ev}>");
        w.Line("{");
        w.Indent();
        Common(w, api, adapter);
        if (adapter.MessageFields.Count > 0) w.Line($"MessageFields = new string[] {{ {string.Join(", ", adapter.MessageFields.Select(SourceWriter.Literal))} }},");
        w.Line($"ReadRequest = static body => {serializer}.{op.Names.DeserializeRequest}(body),");
        w.Line($"WriteRequest = static request => {serializer}.{op.Names.SerializeRequest}(request),");
        w.Line($"WriteResponse = static response => {serializer}.{op.Names.SerializeResponse}({(op.Response.Single ? "new[] { response }" : "response")}),");
        w.Line($"Complete = (model, request, cancellationToken) => client.{op.Method}({ModelArgument(op)}request, cancellationToken: cancellationToken),");
        if (stream is not null)
        {
            w.Line($"Stream = (model, request, cancellationToken) => client.{stream.Method}({ModelArgument(op)}request, cancellationToken: cancellationToken),");
            w.Line($"WriteEvent = static value => {serializer}.{stream.SerializeEvent}(value),");
        }
        w.Unindent();
        w.Line("});");
        w.Close();
    }

    private static void EmitEmbeddings(SourceWriter w, SpecModel api, string client, AIAdapterOperation adapter, string name)
    {
        var op = adapter.Operation;
        var ns = api.Namespace;
        var request = "global::" + ns + "." + op.RequestTypeName;
        var response = CSharpTypes.Of(op.Response.Result, ns);
        var serializer = "global::" + ns + "." + api.SerializerName;
        var form = adapter.RequestFields.Contains("input") ? "Input" : "Inputs";
        w.Doc("summary", $"The {op.Key} operation ({op.HttpMethod} {op.PathTemplate}) as a Microsoft.Extensions.AI embedding generator of strings: one vector per text; the model id both ways.");
        w.Doc("param", "The client to send through (its options, limits and errors apply).", " name=\"client\"");
        w.Doc("param", "The model when EmbeddingGenerationOptions.ModelId is not set" + (ModelOption(op) is { } o ? $"; null uses Options.{o}." : "."), " name=\"defaultModelId\"");
        w.Doc("param", "What to do when the service answers one vector per token (a model that is not a sentence-embedding model): refuse (the default) or average them.", " name=\"tokenPooling\"");
        w.Open($"public static global::Microsoft.Extensions.AI.IEmbeddingGenerator<string, global::Microsoft.Extensions.AI.Embedding<float>> {name}(this {client} client, string? defaultModelId = null, global::Toolkit.AI.TokenPooling tokenPooling = global::Toolkit.AI.TokenPooling.None)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(client);");
        w.Line($"return new global::Toolkit.AI.ToolkitEmbeddingGenerator<{request}, {response}>(new global::Toolkit.AI.EmbeddingEndpoint<{request}, {response}>");
        w.Line("{");
        w.Indent();
        Common(w, api, adapter);
        w.Line($"Form = global::Toolkit.AI.EmbeddingRequestForm.{form},");
        w.Line("TokenPooling = tokenPooling,");
        w.Line($"ReadRequest = static body => {serializer}.{op.Names.DeserializeRequest}(body),");
        w.Line($"WriteRequest = static request => {serializer}.{op.Names.SerializeRequest}(request),");
        w.Line($"WriteResponse = static response => {serializer}.{op.Names.SerializeResponse}({(op.Response.Single ? "new[] { response }" : "response")}),");
        w.Line($"Generate = (model, request, cancellationToken) => client.{op.Method}({ModelArgument(op)}request, cancellationToken: cancellationToken),");
        w.Unindent();
        w.Line("});");
        w.Close();
    }

    private static void Common(SourceWriter w, SpecModel api, AIAdapterOperation adapter)
    {
        var op = adapter.Operation;
        w.Line($"ProviderName = {SourceWriter.Literal(api.Name)},");
        w.Line("ProviderUri = client.Options.BaseAddress,");
        w.Line("DefaultModelId = defaultModelId" + (ModelOption(op) is { } option ? $" ?? client.Options.{option}," : ","));
        w.Line($"RequestFields = new string[] {{ {string.Join(", ", adapter.RequestFields.Select(SourceWriter.Literal))} }},");
    }

    /// <summary>The client option a <c>{model}</c> path parameter falls back to, or null.</summary>
    private static string? ModelOption(OperationSpec op) => op.PathParameters.FirstOrDefault(p => p.Name == "model")?.PropertyName;

    /// <summary>The model as the method's first argument when the path takes it (the parser allows no other path parameter).</summary>
    private static string ModelArgument(OperationSpec op) => op.PathParameters.Any(p => p.Name == "model") ? "model!, " : "";
}
