namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Space-to-depth with block size 2 in one pass: an [N, C, H, W] tensor (H, W even) becomes
/// [N, 4C, H/2, W/2] whose channel block b holds the pixel phase <c>phases[b]</c> = 2·row + column
/// offset, so block b, channel c, pixel (i, j) is x[n, c, 2i + phases[b] / 2, 2j + phases[b] % 2].
/// Each pair of input rows is split into its even and odd columns once (<see cref="EvenOdd"/>),
/// instead of four strided slices that each read the image again. <see cref="Merge"/> is the
/// inverse, which is also the gradient: the four phases are a permutation of the input.
/// </summary>
internal static unsafe class PhaseSplit
{
    /// <summary>Output rows <paramref name="from"/> to <paramref name="to"/> (of N·C·H/2; each reads two input rows and writes one row in each block).</summary>
    public static void Split(ReadOnlySpan<float> x, Span<float> y, PhaseGeometry g, int from, int to)
    {
        g.Check(x.Length, y.Length, from, to);
        fixed (float* px = x, py = y)
            for (int r = from; r < to; r++)
            {
                float* top = px + g.InputRow(r);
                g.OutputRows(py, r, out var even0, out var odd0, out var even1, out var odd1);
                EvenOdd.Split(top, g.Width, 0, g.HalfWidth, even0, odd0);
                EvenOdd.Split(top + g.Width, g.Width, 0, g.HalfWidth, even1, odd1);
            }
    }

    /// <summary>The inverse of <see cref="Split"/> over the same rows: writes x from y.</summary>
    public static void Merge(ReadOnlySpan<float> y, Span<float> x, PhaseGeometry g, int from, int to)
    {
        g.Check(x.Length, y.Length, from, to);
        fixed (float* px = x, py = y)
            for (int r = from; r < to; r++)
            {
                float* top = px + g.InputRow(r);
                g.OutputRows(py, r, out var even0, out var odd0, out var even1, out var odd1);
                EvenOdd.Merge(even0, odd0, g.Width, top);
                EvenOdd.Merge(even1, odd1, g.Width, top + g.Width);
            }
    }
}

/// <summary>
/// The shapes of a <see cref="PhaseSplit"/>: input [N, C, H, W] with H and W even, and for each of the
/// four phases (2·row + column offset) the output channel block that holds it.
/// </summary>
internal readonly struct PhaseGeometry
{
    private readonly int _blockOf0, _blockOf1, _blockOf2, _blockOf3;

    public PhaseGeometry(int batch, int channels, int height, int width, ReadOnlySpan<int> phases)
    {
        if (batch < 0 || channels < 0 || height < 0 || width < 0 || height % 2 != 0 || width % 2 != 0)
            throw new ArgumentException($"Phase split needs [N, C, H, W] with even H and W, got [{batch}, {channels}, {height}, {width}].");
        Span<int> blockOf = stackalloc int[4];
        blockOf.Fill(-1);
        if (phases.Length != 4) throw new ArgumentException($"Phase split needs 4 phases, got {phases.Length}.");
        for (int b = 0; b < 4; b++)
        {
            if ((uint)phases[b] > 3 || blockOf[phases[b]] >= 0)
                throw new ArgumentException($"Phases [{string.Join(", ", phases.ToArray())}] must be 0, 1, 2, 3 in some order.");
            blockOf[phases[b]] = b;
        }
        (_blockOf0, _blockOf1, _blockOf2, _blockOf3) = (blockOf[0], blockOf[1], blockOf[2], blockOf[3]);
        Batch = batch;
        Channels = channels;
        Width = width;
        HalfWidth = width / 2;
        HalfHeight = height / 2;
    }

    public int Batch { get; }

    public int Channels { get; }

    public int Width { get; }

    public int HalfWidth { get; }

    public int HalfHeight { get; }

    /// <summary>N·C·H/2: one per pair of input rows.</summary>
    public int Rows => Batch * Channels * HalfHeight;

    /// <summary>Elements of the input (and of the output).</summary>
    public long Length => (long)Rows * 2 * Width;

    /// <summary>Where input row 2i of plane (n, c) starts, for output row r = (n·C + c)·H/2 + i.</summary>
    public long InputRow(int r) => (long)r * 2 * Width;

    /// <summary>Output row r of each phase: (0, 0), (0, 1), (1, 0), (1, 1).</summary>
    public unsafe void OutputRows(float* y, int r, out float* even0, out float* odd0, out float* even1, out float* odd1)
    {
        int plane = r / HalfHeight, i = r - plane * HalfHeight;
        int n = plane / Channels, c = plane - n * Channels;
        long plane0 = (long)n * 4 * Channels + c, planeSize = (long)HalfHeight * HalfWidth, row = (long)i * HalfWidth;
        // Row i of channel b·C + c in image n.
        even0 = y + (plane0 + (long)_blockOf0 * Channels) * planeSize + row;
        odd0 = y + (plane0 + (long)_blockOf1 * Channels) * planeSize + row;
        even1 = y + (plane0 + (long)_blockOf2 * Channels) * planeSize + row;
        odd1 = y + (plane0 + (long)_blockOf3 * Channels) * planeSize + row;
    }

    /// <summary>Both buffers hold the whole tensor and the rows lie in range: the loops read and write through pointers.</summary>
    public void Check(int xLength, int yLength, int from, int to)
    {
        if (xLength != Length || yLength != Length)
            throw new ArgumentException($"Phase split of {Length} elements got buffers of {xLength} and {yLength}.");
        if (from < 0 || to > Rows || from > to)
            throw new ArgumentOutOfRangeException(nameof(to), $"Rows {from}..{to} outside 0..{Rows}.");
    }
}
