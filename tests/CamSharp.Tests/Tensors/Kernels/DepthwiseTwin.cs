using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// Runs a flat depthwise kernel and the plane-by-plane kernel it replaced (<see cref="DepthwiseConv.ForwardPlanes"/>,
/// padded phase layout) on the same random operands: both add bias, then the nine taps in
/// row-major order as fused multiply-adds, so they agree to rounding.
/// </summary>
internal static unsafe class DepthwiseTwin
{
    public delegate void Kernel(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation);

    public static Activation ActivationOf(string name) => name switch
    {
        "relu" => Activation.Relu,
        "relu6" => Activation.Clip(0, 6),
        "silu" => Activation.Silu,
        _ => Activation.None,
    };

    /// <summary>Stride-1 shapes (batch, channels, height, width, activation) every 3×3 stride-1 kernel is checked on.</summary>
    public static TheoryData<int, int, int, int, string> StrideOneShapes => new()
    {
        { 1, 3, 7, 7, "relu6" },      // MobileNet's 7×7: 4 flat vectors, the last with one lane; one partial block per row
        { 2, 5, 14, 14, "none" },     // 14×14, batch 2
        { 1, 4, 1, 1, "relu" },       // one pixel: no neighbours at all
        { 1, 3, 5, 1, "silu" },       // one column
        { 1, 2, 3, 16, "relu6" },     // a row of exactly one vector: the right neighbour of lane 15 is padding
        { 1, 2, 3, 40, "relu6" },     // rows wider than two vectors
        { 2, 3, 13, 13, "silu" },     // YOLOX's 13×13 with SiLU
        { 1, 2, 56, 56, "relu6" },    // MobileNet's 56×56
        { 1, 2, 112, 112, "relu6" },  // MobileNet's 112×112
        { 2, 2, 70, 100, "silu" },    // uneven rows with SiLU, batch 2
        { 1, 1, 9, 700, "none" },     // rows of 700
    };

    public static ConvGeometry Geometry(int batch, int channels, int h, int w, int stride) =>
        new(batch, channels, h, w, channels, channels, 3, 3, stride, stride, 1, 1, 1, 1, (h - 1) / stride + 1, (w - 1) / stride + 1);

    public static void AssertMatchesPlanes(ConvGeometry g, Activation activation, Kernel kernel)
    {
        var rng = new Random(g.InHeight * 131 + g.InWidth * 7 + g.Batch);
        var x = Random(rng, g.Batch * g.InChannels * g.InSize, 4f);
        var w = Random(rng, g.InChannels * g.KernelHeight * g.KernelWidth, 1f);
        var bias = Random(rng, g.InChannels, 1f);
        // Sentinels around the output catch a store past a plane's end.
        var y = new float[g.Batch * g.OutChannels * g.OutSize + 32];
        var expected = new float[y.Length];
        Array.Fill(y, 1234f);
        Array.Fill(expected, 1234f);
        fixed (float* px = x, pw = w, pb = bias, py = y, pe = expected)
        {
            kernel(g, px, pw, pb, py + 16, activation);
            DepthwiseConv.ForwardPlanes(g, px, pw, pb, pe + 16, activation);
        }
        for (int i = 0; i < y.Length; i++)
            Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"element {i - 16}: {y[i]} against {expected[i]}");
    }

    private static float[] Random(Random rng, int n, float scale)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }
}
