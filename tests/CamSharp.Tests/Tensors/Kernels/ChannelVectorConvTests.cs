using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class ChannelVectorConvTests
{
    /// <summary>batch, in channels, in height, in width, out channels, kernel, stride, pad, dilation.</summary>
    public static TheoryData<int, int, int, int, int, int, int, int, int> Shapes => new()
    {
        { 1, 130, 7, 7, 64, 3, 1, 1, 1 },    // ResNet's layer4 3×3 in small: three blocks of input channels, the last of 2
        { 2, 16, 14, 14, 32, 3, 2, 1, 1 },   // 14 → 7 at stride 2, batch 2
        { 1, 8, 9, 9, 32, 3, 1, 0, 1 },      // no padding: 9 → 7
        { 1, 5, 11, 7, 96, 5, 1, 2, 1 },     // 5×5, a non-square input (11 rows of 7), three panels
        { 1, 4, 11, 11, 32, 3, 1, 0, 2 },    // dilation 2: 11 → 7
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_Shapes_MatchReferenceForEveryActivation(int batch, int c, int h, int w, int m, int k, int stride, int pad, int dilation)
    {
        int outH = (h + 2 * pad - dilation * (k - 1) - 1) / stride + 1, outW = (w + 2 * pad - dilation * (k - 1) - 1) / stride + 1;
        var g = new ConvGeometry(batch, c, h, w, m, 1, k, k, stride, stride, dilation, dilation, pad, pad, outH, outW);
        Assert.Equal(7, outW);
        Assert.Equal(Avx512F.IsSupported, ChannelVectorConv.Applies(g));
        if (!Avx512F.IsSupported) return;
        var rng = new Random(c * 31 + m + h);
        var x = Random(rng, batch * c * h * w);
        var weights = Random(rng, m * g.Depth);
        var bias = Random(rng, m);
        var panels = new ChannelPanelWeights(m, g.Depth, weights, ChannelVectorConv.Channels);
        foreach (bool withBias in new[] { true, false })
        {
            var reference = new float[batch * m * g.OutSize];
            PreciseKernels.Convolution(g, x, weights, withBias ? bias : null, reference);
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
            {
                // Sentinels: a store past the last channel's row would overwrite them.
                var y = new float[reference.Length + 64];
                Array.Fill(y, float.NaN);
                fixed (float* px = x, pb = bias, py = y)
                    ChannelVectorConv.Forward(g, px, panels, withBias ? pb : null, py, activation);
                for (int i = 0; i < reference.Length; i++)
                {
                    float expected = Apply(activation, reference[i]);
                    Assert.True(Math.Abs(y[i] - expected) <= 1e-4f * (1 + Math.Abs(reference[i])), $"{activation}, bias {withBias}, at {i}: {y[i]} against {expected}");
                }
                for (int i = reference.Length; i < y.Length; i++) Assert.True(float.IsNaN(y[i]), $"written past the output at {i}");
            }
        }
    }

    [Fact]
    public void Applies_OtherShapes_False()
    {
        Assert.False(ChannelVectorConv.Applies(new ConvGeometry(1, 8, 14, 14, 32, 1, 3, 3, 1, 1, 1, 1, 1, 1, 14, 14)));  // 14 wide
        Assert.False(ChannelVectorConv.Applies(new ConvGeometry(1, 8, 7, 7, 48, 1, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7)));     // 48 outputs
        Assert.False(ChannelVectorConv.Applies(new ConvGeometry(1, 8, 7, 7, 32, 2, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7)));     // grouped
        Assert.False(ChannelVectorConv.Applies(new ConvGeometry(1, 8, 7, 7, 32, 1, 1, 1, 1, 1, 1, 1, 0, 0, 7, 7)));     // 1×1
    }

    private static float Apply(Activation a, float v) => a.Kind switch
    {
        ActivationKind.Relu => Math.Max(v, 0f),
        ActivationKind.Clip => Math.Min(Math.Max(v, a.Lo), a.Hi),
        ActivationKind.Silu => v / (1f + MathF.Exp(-v)),
        _ => v,
    };

    private static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
