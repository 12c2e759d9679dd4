namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A 1×1 convolution's weights (M × K) in the order <see cref="PointwiseKernel512"/> reads
/// them: [panel of 14 output channels][input channel][14], one panel's broadcasts of a step
/// adjacent, over the whole depth (no K blocks: the kernel keeps a tile's sums in registers
/// from the first input channel to the last), channels past M zero. Made once per constant
/// weight tensor (<see cref="Ops.Conv"/> keeps it).
/// </summary>
internal sealed unsafe class PointwiseWeights
{
    private readonly float[] _data;

    public PointwiseWeights(int outChannels, int depth, ReadOnlySpan<float> w)
    {
        const int mr = PointwiseKernel512.MR;
        OutChannels = outChannels;
        Depth = depth;
        int length = WeightPanels.Length(outChannels, depth, mr);
        _data = SgemmScratch.AllocateAligned(Math.Max(length, 1));
        var panels = new Span<float>(SgemmScratch.Aligned(_data), length);
        panels.Clear();
        WeightPanels.Pack(outChannels, depth, w, mr, panels);
    }

    public int OutChannels { get; }

    public int Depth { get; }

    /// <summary>Panel p (14 output channels from 14·p) starts at <c>Panels + 14·p·Depth</c>; 64-byte aligned, pinned.</summary>
    public float* Panels => SgemmScratch.Aligned(_data);

    /// <summary>Keeps the pinned array reachable while a caller uses <see cref="Panels"/>.</summary>
    public void KeepAlive() => GC.KeepAlive(_data);
}
