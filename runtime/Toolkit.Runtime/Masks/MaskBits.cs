using System;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// A mask's words (one bit per pixel, rows padded to whole 64-bit words), stored in bands of whole rows of at most
/// 64 KiB each.
/// </summary>
/// <remarks>
/// Why bands: one array per mask made every mask of 1024×1024 or more a large-object-heap allocation (85,000 bytes
/// and up), and decoding a response of such masks spent most of its time in page faults on freshly committed memory
/// and in gen-2 collections (measured: 25 masks of 1024×1024 decoded in 14 ms with one array a mask and in 3 ms with
/// arrays under the threshold). Bands under the threshold are ordinary gen-0 allocations.
/// </remarks>
internal sealed class MaskBits
{
    /// <summary>At most this many words (64 KiB) a band: below the runtime's 85,000-byte large-object threshold.</summary>
    internal const int MaxBandWords = 8 * 1024;

    private readonly ulong[][] _bands;

    /// <summary>Storage for a <paramref name="width"/> × <paramref name="height"/> mask; words not cleared unless asked.</summary>
    public MaskBits(int width, int height, bool zeroed)
    {
        WordsPerRow = Mask.WordsPerRow(width);
        // A row longer than a band (over 524,288 pixels wide) is a band of its own.
        RowsPerBand = Math.Max(1, Math.Min(height, MaxBandWords / WordsPerRow));
        _bands = new ulong[(height + RowsPerBand - 1) / RowsPerBand][];
        for (var b = 0; b < _bands.Length; b++)
        {
            var words = (long)Math.Min(RowsPerBand, height - b * RowsPerBand) * WordsPerRow;
            _bands[b] = zeroed ? new ulong[words] : GC.AllocateUninitializedArray<ulong>(checked((int)words));
        }
    }

    /// <summary>Words per row.</summary>
    public int WordsPerRow { get; }

    /// <summary>Rows per band (the last band may have fewer).</summary>
    public int RowsPerBand { get; }

    /// <summary>The bands, in row order: each holds <see cref="RowsPerBand"/> rows, one after another.</summary>
    public ReadOnlySpan<ulong[]> Bands => _bands;

    /// <summary>The words of row <paramref name="y"/>.</summary>
    public Span<ulong> Row(int y) => _bands[y / RowsPerBand].AsSpan(y % RowsPerBand * WordsPerRow, WordsPerRow);
}
