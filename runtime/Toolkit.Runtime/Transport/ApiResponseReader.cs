using System;

namespace Toolkit.Runtime.Transport;

/// <summary>Reads a successful response body (the whole UTF-8 buffer) into a typed result.</summary>
public delegate T ApiResponseReader<out T>(ReadOnlyMemory<byte> body);
