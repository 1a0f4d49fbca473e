namespace Toolkit.Testing.Verification;

/// <summary>What a recorded exchange gets wrong about the contract.</summary>
public enum ViolationKind
{
    /// <summary>A status the spec documents neither as success nor as error.</summary>
    UndocumentedStatus,

    /// <summary>A Content-Type other than the spec's (or none).</summary>
    WrongContentType,

    /// <summary>A body that should be JSON and is not (truncated, garbled).</summary>
    MalformedJson,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A value of the wrong JSON type.</summary>
    WrongType,

    /// <summary>null where the spec does not allow it.</summary>
    UnexpectedNull,

    /// <summary>A string not among the enum's values.</summary>
    NotInEnum,

    /// <summary>A number outside the spec's minimum or maximum.</summary>
    OutOfRange,

    /// <summary>A mask that is not base64 or not a decodable PNG.</summary>
    InvalidMask,

    /// <summary>The generated client could not read the body.</summary>
    NotDeserializable,

    /// <summary>A rule the generated validator checks (e.g. a non-finite number) is broken.</summary>
    RuleBroken,

    /// <summary>An event stream that ends before its end marker (e.g. <c>[DONE]</c>).</summary>
    IncompleteStream,

    /// <summary>A body larger than the client reads (<c>TransportLimits.MaxResponseBytes</c>, or <c>MaxErrorResponseBytes</c> for an error).</summary>
    TooLarge,
}
