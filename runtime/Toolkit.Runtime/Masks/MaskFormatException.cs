using System;

namespace Toolkit.Runtime.Masks;

/// <summary>A mask could not be decoded: bad base64, or bytes that are not a valid PNG. The message says what is wrong.</summary>
public sealed class MaskFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public MaskFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
