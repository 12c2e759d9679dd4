namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A convolution's weights W (M × K) as the right-hand GEMM operand Wᵀ (K × M) of
/// <see cref="SmallMapConv"/>, already cut into the micro-kernel's column panels of NR output
/// channels, panel after panel ([panel][k][NR], channels past M zero): one item of the
/// convolution streams its panel as one contiguous run. Made once per constant weight tensor
/// (<see cref="Ops.Conv"/> keeps it) for the kernel this machine runs.
/// </summary>
internal sealed unsafe class SmallMapWeights
{
    private readonly float[] _data;

    public SmallMapWeights(int outChannels, int depth, ReadOnlySpan<float> w)
    {
        if (outChannels < 1 || depth < 1) throw new ArgumentException($"Small-map weights need positive sizes, got {outChannels}×{depth}.");
        if (w.Length < (long)outChannels * depth) throw new ArgumentException($"Weights have {w.Length} values, expected {outChannels}×{depth}.");
        Kernel = Sgemm.Selected;
        OutChannels = outChannels;
        Depth = depth;
        PanelWidth = Sgemm.Tile(Kernel).NR;
        int panels = (outChannels + PanelWidth - 1) / PanelWidth;
        _data = SgemmScratch.AllocateAligned(panels * PanelWidth * depth);
        float* dst = SgemmScratch.Aligned(_data);
        fixed (float* pw = w)
        {
            // Wᵀ is W read as an N×K matrix, transposed; the GEMM's own packer writes each panel (K×NR).
            var source = new MatrixB(pw, depth, transposed: true);
            for (int p = 0; p < panels; p++)
            {
                int n0 = p * PanelWidth;
                source.Pack(0, depth, n0, Math.Min(PanelWidth, outChannels - n0), PanelWidth, dst + (nint)n0 * depth);
            }
        }
    }

    /// <summary>The micro-kernel whose panel width the weights were packed for.</summary>
    public SgemmKernel Kernel { get; }

    public int OutChannels { get; }

    public int Depth { get; }

    /// <summary>Output channels per panel: the micro-kernel's NR.</summary>
    public int PanelWidth { get; }

    /// <summary>
    /// Panel p as the GEMM's prepacked B for columns [p·NR, p·NR + NR) taken as columns from 0:
    /// K blocks of KC rows × NR follow each other, as <see cref="PrepackedB"/> reads them with a row of NR.
    /// </summary>
    public PrepackedB Panel(int p) => new(SgemmScratch.Aligned(_data) + (nint)p * PanelWidth * Depth, PanelWidth);

    /// <summary>Keeps the pinned array reachable while a caller reads through <see cref="Panel"/>.</summary>
    public void KeepAlive() => GC.KeepAlive(_data);
}
