namespace Toolkit.Runtime.Masks;

/// <summary>The smallest axis-aligned box holding every foreground pixel (X, Y of its top-left corner).</summary>
public readonly record struct MaskBounds(int X, int Y, int Width, int Height);
