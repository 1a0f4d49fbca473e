using System;
using System.Collections.Generic;
using System.Linq;

namespace Toolkit.Runtime.Validation;

/// <summary>
/// A request broke the spec's rules and was not sent. <see cref="Errors"/> lists every violation, not just the first.
/// </summary>
public sealed class RequestValidationException : ArgumentException
{
    /// <summary>Creates the exception from the violations found.</summary>
    public RequestValidationException(IReadOnlyList<ValidationError> errors)
        : base("The request is invalid and was not sent: " + string.Join("; ", errors.Select(e => e.ToString())))
        => Errors = errors;

    /// <summary>Every violation, each with its JSON path.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }
}
