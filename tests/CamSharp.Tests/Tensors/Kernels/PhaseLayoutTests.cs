using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The phase planes read through <see cref="PhaseLayout.Offset"/> give every tap's input value (zero in
/// the padding) for every output position, on the stride-2 widths where the vector even/odd split
/// starts, ends and is shifted by an odd pad.
/// </summary>
public sealed unsafe class PhaseLayoutTests
{
    [Theory]
    [InlineData(7, 0)]
    [InlineData(16, 1)]
    [InlineData(17, 0)]
    [InlineData(33, 1)]
    [InlineData(67, 0)]
    [InlineData(67, 1)]
    [InlineData(66, 3)]
    public void Fill_Stride2_EveryTapReadsItsInput(int width, int pad)
    {
        const int height = 9, k = 3, s = 2;
        int outH = (height + 2 * pad - k) / s + 1, outW = (width + 2 * pad - k) / s + 1;
        var g = new ConvGeometry(1, 1, height, width, 1, 1, k, k, s, s, 1, 1, pad, pad, outH, outW);
        var layout = new PhaseLayout(g);
        var x = new float[height * width];
        for (int i = 0; i < x.Length; i++) x[i] = i + 1;
        var dst = new float[layout.Size];
        Array.Fill(dst, float.NaN);
        fixed (float* px = x, pd = dst) layout.Fill(px, pd);
        for (int dy = 0; dy < k; dy++)
            for (int dx = 0; dx < k; dx++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++)
                    {
                        int ih = oh * s + dy - pad, iw = ow * s + dx - pad;
                        float expected = (uint)ih < (uint)height && (uint)iw < (uint)width ? x[ih * width + iw] : 0f;
                        Assert.Equal(expected, dst[layout.Offset(dy, dx) + (nint)oh * layout.RowStep + ow]);
                    }
    }
}
