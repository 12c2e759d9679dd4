namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A convolution's weights (M × K, K = input channels × taps) in panels of <see cref="Width"/> output
/// channels, [panel][k][Width] (<see cref="WeightPanels"/>), channels past M zero: 14 wide for
/// <see cref="PointwiseKernel512"/> (6 for <see cref="PointwiseKernel256"/>), whose step broadcasts a panel's weights from adjacent floats.
/// Made once per constant weight tensor (<see cref="Ops.Conv"/> keeps it).
/// </summary>
internal sealed unsafe class ChannelPanelWeights
{
    private readonly float[] _data;

    public ChannelPanelWeights(int outChannels, int depth, ReadOnlySpan<float> w, int width)
    {
        OutChannels = outChannels;
        Depth = depth;
        Width = width;
        int length = WeightPanels.Length(outChannels, depth, width);
        _data = SgemmScratch.AllocateAligned(Math.Max(length, 1));
        var panels = new Span<float>(SgemmScratch.Aligned(_data), length);
        panels.Clear();
        WeightPanels.Pack(outChannels, depth, w, width, panels);
    }

    public int OutChannels { get; }

    public int Depth { get; }

    /// <summary>Output channels per panel.</summary>
    public int Width { get; }

    /// <summary>Panel p starts at <c>Panels + Width·p·Depth</c>; 64-byte aligned, pinned.</summary>
    public float* Panels => SgemmScratch.Aligned(_data);

    /// <summary>Keeps the pinned array reachable while a caller uses <see cref="Panels"/>.</summary>
    public void KeepAlive() => GC.KeepAlive(_data);
}
