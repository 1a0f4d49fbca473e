using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using Newtonsoft.Json.Linq;
using NJsonSchema.Validation;

namespace Toolkit.Testing.Verification;

/// <summary>
/// Integers beyond <c>long</c>, as the verifier's schema check sees them. Newtonsoft reads them as <see cref="BigInteger"/>,
/// which NJsonSchema cannot compare with a bound (it throws <c>InvalidCastException</c>): a text-generation-inference
/// seed above <c>long.MaxValue</c> crashed the verifier. Each becomes a decimal (a double beyond decimal's range) before
/// the check, so the contract's bounds (the integer policy's range of each format) are compared exactly; NJsonSchema
/// then calls it "not an integer", which it was, so that error is dropped and only its range is judged.
/// </summary>
internal static class WideIntegers
{
    private static readonly BigInteger DecimalMin = new(decimal.MinValue);
    private static readonly BigInteger DecimalMax = new(decimal.MaxValue);

    /// <summary>Makes <paramref name="root"/> checkable; returns the tokens it replaced, with the digits as sent (null when none).</summary>
    public static Dictionary<JToken, string>? Normalize(JToken root)
    {
        Dictionary<JToken, string>? replaced = null;
        var pending = new Stack<JToken>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var token = pending.Pop();
            if (token is JContainer container)
            {
                foreach (var child in container.Children()) pending.Push(child is JProperty p ? p.Value : child);
                continue;
            }
            if (token is not JValue { Type: JTokenType.Integer, Value: BigInteger big } value) continue;
            var replacement = big >= DecimalMin && big <= DecimalMax ? new JValue((decimal)big) : new JValue((double)big);
            value.Replace(replacement);
            (replaced ??= new Dictionary<JToken, string>(ReferenceEqualityComparer.Instance))[replacement] = big.ToString(CultureInfo.InvariantCulture);
        }
        return replaced;
    }

    /// <summary>The errors of a value checked against several allowed types, or the error itself.</summary>
    public static IEnumerable<ValidationError> Flatten(ValidationError error)
        => error is MultiTypeValidationError multi ? multi.Errors.Values.SelectMany(v => v) : new[] { error };
}
