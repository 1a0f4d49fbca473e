namespace Toolkit.Generator.Model;

/// <summary>
/// The optional toolkit libraries a project references; each turns on the generated code that needs it, so a
/// production client carries neither test machinery nor a DI registration it cannot use.
/// </summary>
[System.Flags]
internal enum Integrations
{
    None = 0,

    /// <summary>Toolkit.Http: an <c>Add{Client}</c> registration per client.</summary>
    Http = 1,

    /// <summary>Toolkit.Testing: a contract per operation (the spec as data, replay, verification).</summary>
    Testing = 2,

    /// <summary>Toolkit.AI: <c>AsIChatClient()</c> / <c>AsIEmbeddingGenerator()</c> for operations with an <c>abstraction</c>.</summary>
    AI = 4,
}
