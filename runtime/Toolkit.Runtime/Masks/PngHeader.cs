namespace Toolkit.Runtime.Masks;

/// <summary>The IHDR fields that decoding needs, validated.</summary>
internal readonly record struct PngHeader(int Width, int Height, int BitDepth, int ColourType, bool Interlaced)
{
    /// <summary>Samples per pixel: grey 1, RGB 3, palette 1, grey+alpha 2, RGBA 4.</summary>
    public int Channels => ColourType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

    public int BitsPerPixel => Channels * BitDepth;

    /// <summary>The byte distance the filters look back: at least one byte.</summary>
    public int FilterStride => BitsPerPixel < 8 ? 1 : BitsPerPixel / 8;

    public long RowBytes(int width) => ((long)width * BitsPerPixel + 7) / 8;

    public static bool IsValidCombination(int colourType, int bitDepth) => colourType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        2 or 4 or 6 => bitDepth is 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        _ => false,
    };
}
