namespace Toolkit.Runtime.Validation;

/// <summary>One broken rule: where (a JSON path such as <c>$.parameters.threshold</c>) and what is wrong.</summary>
/// <param name="Path">The JSON path of the offending value.</param>
/// <param name="Message">What is wrong, in words a caller can act on.</param>
public sealed record ValidationError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Path + ": " + Message;
}
