namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Sizes of one 2-D convolution (a 1-D one is a 2-D one with height 1), NCHW input,
/// MCkk weights. Pads are resolved (auto_pad already applied); only the top/left pads
/// matter to the kernels, the bottom/right ones are implied by the output size.
/// </summary>
internal sealed record ConvGeometry(
    int Batch, int InChannels, int InHeight, int InWidth,
    int OutChannels, int Group, int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth, int DilationHeight, int DilationWidth,
    int PadTop, int PadLeft, int OutHeight, int OutWidth)
{
    public int InChannelsPerGroup => InChannels / Group;

    public int OutChannelsPerGroup => OutChannels / Group;

    /// <summary>GEMM depth per group: input channels × kernel taps.</summary>
    public int Depth => InChannelsPerGroup * KernelHeight * KernelWidth;

    public int InSize => InHeight * InWidth;

    public int OutSize => OutHeight * OutWidth;

    /// <summary>A 1×1 kernel, stride 1, no padding: the input planes are already the GEMM operand.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideHeight == 1 && StrideWidth == 1
        && PadTop == 0 && PadLeft == 0 && OutHeight == InHeight && OutWidth == InWidth;

    /// <summary>One filter per channel: too little work per group for a GEMM.</summary>
    public bool IsDepthwise => Group > 1 && Group == InChannels && OutChannels == InChannels;

    /// <summary>Output columns [lo, hi) whose input column ow·stride + offset lies inside [0, size).</summary>
    internal static (int Lo, int Hi) ValidRange(int offset, int stride, int size, int outSize)
    {
        int lo = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        int hi = size - 1 - offset < 0 ? 0 : (size - 1 - offset) / stride + 1;
        lo = Math.Min(lo, outSize);
        hi = Math.Clamp(hi, lo, outSize);
        return (lo, hi);
    }
}
