using System;
using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Runtime.Validation;

/// <summary>
/// A response parsed but broke the spec's rules (e.g. a score outside [0, 1]). Thrown only when the client
/// options ask for response validation.
/// </summary>
public sealed class ResponseValidationException : Exception
{
    /// <summary>Creates the exception from the violations found.</summary>
    public ResponseValidationException(IReadOnlyList<ValidationError> errors)
        : base("The response breaks the spec: " + string.Join("; ", errors.Select(e => e.ToString())))
        => Errors = errors;

    /// <summary>Every violation, each with its JSON path.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
