namespace Toolkit.Runtime.Masks;

/// <summary>Limits for decoding masks from untrusted bytes.</summary>
public sealed class MaskDecodeOptions
{
    /// <summary>The defaults: at most 64 megapixels.</summary>
    public static readonly MaskDecodeOptions Default = new();

    /// <summary>
    /// Images whose mask would need more pixels of storage are refused before anything is allocated. Storage rows are
    /// padded to 64 pixels, so the count is the padded width times the height. Default 64 megapixels (8 MiB of mask).
    /// </summary>
    public long MaxPixels { get; init; } = 64L * 1024 * 1024;
}
