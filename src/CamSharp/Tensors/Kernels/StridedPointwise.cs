namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A 1×1 convolution with stride and no padding (ResNet's downsample shortcuts) reads one input
/// pixel in stride² and nothing around it: gather those pixels into dense planes, and it is a
/// stride-1 pointwise convolution of them, which the pointwise kernel and the GEMM run without
/// im2col. The gather copies an Nth of the input; im2col of the strided geometry copied as much
/// and then packed it, and the small-map kernel packed it per tap.
/// </summary>
internal static class StridedPointwise
{
    /// <summary>An ungrouped 1×1 kernel with a stride above 1 and no padding (the output never reads past the input).</summary>
    public static bool Applies(ConvGeometry g) =>
        g.Group == 1 && g.KernelHeight == 1 && g.KernelWidth == 1 && (g.StrideHeight > 1 || g.StrideWidth > 1)
        && g.PadTop == 0 && g.PadLeft == 0
        && (g.OutHeight - 1) * g.StrideHeight < g.InHeight && (g.OutWidth - 1) * g.StrideWidth < g.InWidth;

    /// <summary>The same convolution of the gathered planes (OutHeight × OutWidth each): 1×1, stride 1.</summary>
    public static ConvGeometry DenseGeometry(ConvGeometry g) =>
        g with { InHeight = g.OutHeight, InWidth = g.OutWidth, StrideHeight = 1, StrideWidth = 1, DilationHeight = 1, DilationWidth = 1 };

    /// <summary>dense[b, c, oh, ow] = x[b, c, oh·sh, ow·sw] for every image and channel.</summary>
    public static void Gather(ConvGeometry g, ReadOnlySpan<float> x, Span<float> dense)
    {
        if (!Applies(g)) throw new ArgumentException("Gathering needs an ungrouped unpadded 1×1 convolution with a stride.");
        int planes = g.Batch * g.InChannels, oh = g.OutHeight, ow = g.OutWidth;
        if (x.Length < (long)planes * g.InSize || dense.Length < (long)planes * oh * ow)
            throw new ArgumentException($"Buffers of {x.Length} and {dense.Length} floats, expected {planes * g.InSize} and {planes * oh * ow}.");
        for (int p = 0; p < planes; p++)
            for (int r = 0; r < oh; r++)
            {
                int src = p * g.InSize + r * g.StrideHeight * g.InWidth, dst = (p * oh + r) * ow;
                if (g.StrideWidth == 2)
                {
                    EveryOtherCopy.Run(x, src, dense, dst, ow);
                    continue;
                }
                for (int c = 0; c < ow; c++) dense[dst + c] = x[src + c * g.StrideWidth];
            }
    }
}
