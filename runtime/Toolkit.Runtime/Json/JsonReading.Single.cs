using System;
using System.Collections.Generic;
using System.Globalization;

namespace Toolkit.Runtime.Json;

public static partial class JsonReading
{
    /// <summary>
    /// The only element of a top-level array: what a client returns for a response the spec marks <c>"single"</c>
    /// (the service wraps its one answer in a one-element array). The array is read whole by the generated reader
    /// first, so every element is checked; any other count is a <see cref="JsonPayloadException"/> at <c>$</c>.
    /// </summary>
    /// <exception cref="JsonPayloadException">The array is empty or has more than one element.</exception>
    public static T SingleElement<T>(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 1) return items[0];
        throw new JsonPayloadException("$", "an array of exactly one element",
            "an array of " + items.Count.ToString(CultureInfo.InvariantCulture) + " elements");
    }
}
