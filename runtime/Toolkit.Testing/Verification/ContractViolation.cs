using System;
using System.Text;

namespace Toolkit.Testing.Verification;

/// <summary>One way a recorded exchange breaks the contract.</summary>
/// <param name="Source">The cassette or exchange file.</param>
/// <param name="Exchange">The exchange's index in that file (0-based).</param>
/// <param name="Status">The recorded response status.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="Pointer">A JSON Pointer (RFC 6901) into the response body; "" is the whole body.</param>
/// <param name="Expected">What the spec wants there.</param>
/// <param name="Actual">What the recording has.</param>
public sealed record ContractViolation(string Source, int Exchange, int Status, ViolationKind Kind, string Pointer, string Expected, string Actual)
{
    /// <summary>The operation the exchange was routed to (its key in the spec).</summary>
    public string Operation { get; init; } = "";

    /// <summary>The kind as kebab-case, as the JSON report writes it, e.g. <c>out-of-range</c>.</summary>
    public string KindName => KebabCase(Kind.ToString());

    /// <inheritdoc />
    public override string ToString()
        => $"{Source} exchanges[{Exchange}] (status {Status}) {(Pointer.Length == 0 ? "(body)" : Pointer)}: {KindName}: expected {Expected}, actual {Actual}";

    internal static string KebabCase(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        for (var i = 0; i < pascal.Length; i++)
        {
            if (char.IsUpper(pascal[i]) && i > 0) sb.Append('-');
            sb.Append(char.ToLowerInvariant(pascal[i]));
        }
        return sb.ToString();
    }
}
