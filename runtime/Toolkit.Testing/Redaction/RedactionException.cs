using System;

namespace Toolkit.Testing.Redaction;

/// <summary>A body could not be made safe to store (an encoding that cannot be undone, say), so it was not stored.</summary>
public sealed class RedactionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RedactionException(string message)
        : base(message)
    {
    }
}
