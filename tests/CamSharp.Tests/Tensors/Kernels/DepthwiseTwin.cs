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
