namespace Toolkit.Runtime.Masks;

/// <summary>Limits for decoding masks from untrusted bytes.</summary>
public sealed class MaskDecodeOptions
{
    /// <summary>The defaults: at most 64 megapixels.</summary>
    public static readonly MaskDecodeOptions Default = new();

    /// <summary>Images with more pixels are refused before anything is allocated. Default 64 megapixels.</summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;
}
