using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Toolkit.Runtime.Masks;

/// <summary>
/// A mask's words (one bit per pixel, rows padded to whole 64-bit words), stored in bands of whole rows, at most
/// 8 KiB a band; a band with no foreground is not stored.
/// </summary>
/// <remarks>
/// Why bands: one array per mask made every mask of 1024×1024 or more a large-object-heap allocation (85,000 bytes
/// and up), and decoding a response of such masks spent most of its time in page faults on freshly committed memory
/// and in gen-2 collections (measured: 25 masks of 1024×1024 decoded in 14 ms with one array a mask and in 3 ms with
/// arrays under the threshold). Why absent bands: a segment covers a part of the image, and the rows above and below
/// it cost nothing to keep, to count or to compare. Rows per band are a power of two, so finding a row is a shift.
/// Invariant: a stored band may be all background (a writer asked for it), so comparisons treat it like an absent one.
/// </remarks>
internal sealed class MaskBits
{
    /// <summary>At most this many words (8 KiB) a band, unless one row is longer.</summary>
    internal const int MaxBandWords = 1024;

    /// <summary>Shared background for reading absent bands' rows.</summary>
    private static readonly ulong[] Background = new ulong[MaxBandWords];

    private readonly ulong[]?[] _bands;
    private readonly int _height;
    private readonly int _bandShift;
    private ulong[]? _wideBackground;

    /// <summary>Storage for a <paramref name="width"/> × <paramref name="height"/> mask, all background.</summary>
    public MaskBits(int width, int height)
    {
        WordsPerRow = Mask.WordsPerRow(width);
        _height = height;
        // The largest power of two rows that fits a band; a row longer than a band is a band of its own.
        _bandShift = WordsPerRow >= MaxBandWords ? 0 : BitOperations.Log2((uint)(MaxBandWords / WordsPerRow));
        _bands = new ulong[]?[((long)height + RowsPerBand - 1) >> _bandShift];
    }

    /// <summary>Words per row.</summary>
    public int WordsPerRow { get; }

    /// <summary>Rows per band (the last band may have fewer).</summary>
    public int RowsPerBand => 1 << _bandShift;

    /// <summary>The number of bands.</summary>
    public int BandCount => _bands.Length;

    /// <summary>Band <paramref name="b"/>'s words (its rows one after another), or empty when it holds no foreground.</summary>
    public ReadOnlySpan<ulong> Band(int b) => _bands[b];

    /// <summary>The first row of band <paramref name="b"/>.</summary>
    private int BandStart(int b) => b << _bandShift;

    /// <summary>The words of row <paramref name="y"/>, for reading.</summary>
    public ReadOnlySpan<ulong> Row(int y)
    {
        var band = _bands[y >> _bandShift];
        if (band is not null) return band.AsSpan((y & (RowsPerBand - 1)) * WordsPerRow, WordsPerRow);
        return WordsPerRow <= Background.Length ? Background.AsSpan(0, WordsPerRow) : (_wideBackground ??= new ulong[WordsPerRow]);
    }

    /// <summary>The words of row <paramref name="y"/> when its band is stored; empty when it is not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<ulong> StoredRow(int y)
    {
        var band = _bands[y >> _bandShift];
        return band is null ? default : band.AsSpan((y & (RowsPerBand - 1)) * WordsPerRow, WordsPerRow);
    }

    /// <summary>The words of row <paramref name="y"/>, for writing: its band is stored (background) if it was not.</summary>
    public Span<ulong> WritableRow(int y)
    {
        var b = y >> _bandShift;
        var band = _bands[b] ??= new ulong[(long)Math.Min(RowsPerBand, _height - BandStart(b)) * WordsPerRow];
        return band.AsSpan((y & (RowsPerBand - 1)) * WordsPerRow, WordsPerRow);
    }
}
