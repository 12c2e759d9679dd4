using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The small-map convolution (pixels as GEMM rows, output channels as vector columns) against
/// the float64 reference through <see cref="Convolution.Forward"/>, for ResNet-like shapes
/// scaled down and every activation; which shapes take it; its weights' checks. Its twin with
/// wide vectors off is in tests/CamSharp.KernelChecks (SmallMapConvChecks).
/// </summary>
public sealed class SmallMapConvTests
{
    public static TheoryData<int[]> Geometries() => new()
    {
        // C, H, W, M, stride: layer4's 3×3/2 and layer3's 3×3/2 with fewer channels (depth past the
        // direct kernel's 640, which takes shallower ones); odd and even maps.
        new[] { 96, 14, 14, 64, 2 },   // 7×7 out: row panels 14 + 14 + 14 + 7, two column panels
        new[] { 80, 28, 28, 72, 2 },   // 14×14 out: 14 full row panels, a channel panel of 8
        new[] { 72, 13, 12, 65, 2 },   // 7×6 out, one channel past two panels
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_StridedSmallMaps_MatchReferenceForEveryActivation(int[] s)
    {
        var g = Geometry(s[0], s[1], s[2], s[3], s[4]);
        Assert.True(Convolution.UsesSmallMap(g));
        var rng = new Random(s.Sum());
        var x = Random(rng, g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var weights = new SmallMapWeights(g.OutChannels, g.Depth, w);
        foreach (bool withBias in new[] { true, false })
        {
            var reference = new float[g.OutChannels * g.OutSize];
            PreciseKernels.Convolution(g, x, w, withBias ? bias : null, reference);
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
            {
                // Sentinels: a store past the last plane would overwrite them.
                var y = new float[reference.Length + 64];
                Array.Fill(y, float.NaN);
                Convolution.Forward(g, x, w, null, withBias ? bias : default, y.AsSpan(0, reference.Length), activation, smallMap: weights);
                for (int i = 0; i < reference.Length; i++)
                    Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                        $"{activation}, bias {withBias}, at {i}: {y[i]} against {Apply(activation, reference[i])}");
                for (int i = reference.Length; i < y.Length; i++) Assert.True(float.IsNaN(y[i]), $"written past the output at {i}");
            }
        }
    }

    [Fact]
    public void Forward_WithoutPackedWeights_PacksThemOnTheFly()
    {
        var g = Geometry(24, 14, 14, 64, 2);
        var rng = new Random(3);
        var x = Random(rng, g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var reference = new float[g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, null, reference);
        var y = new float[reference.Length];
        Convolution.Forward(g, x, w, null, default, y, Activation.None);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"at {i}");
    }

    [Fact]
    public void UsesSmallMap_ResNet18Shapes_StridedAnd7x7AtBatchOne()
    {
        // layer3.0 and layer4.0's first 3×3 (stride 2) at batch 1; at batch 8 the batched GEMM keeps them.
        Assert.True(Convolution.UsesSmallMap(Geometry(128, 28, 28, 256, 2)));
        Assert.True(Convolution.UsesSmallMap(Geometry(256, 14, 14, 512, 2)));
        Assert.False(Convolution.UsesSmallMap(Geometry(256, 14, 14, 512, 2) with { Batch = 8 }));
        // layer4's stride-1 3×3 on 7×7 instead of Winograd, but not at batch 8.
        Assert.True(Convolution.UsesSmallMap(Geometry(512, 7, 7, 512, 1)));
        Assert.False(Convolution.UsesSmallMap(Geometry(512, 7, 7, 512, 1) with { Batch = 8 }));
        // layer2.0's (28×28 out) is past the small maps; layer3's stride-1 3×3 stays with Winograd.
        Assert.False(Convolution.UsesSmallMap(Geometry(64, 56, 56, 128, 2)));
        Assert.False(Convolution.UsesSmallMap(Geometry(256, 14, 14, 256, 1)));
        // Depthwise and grouped convolutions are not GEMMs of this kind.
        Assert.False(Convolution.UsesSmallMap(new ConvGeometry(1, 64, 14, 14, 64, 64, 3, 3, 2, 2, 1, 1, 1, 1, 7, 7)));
        Assert.False(Convolution.UsesSmallMap(new ConvGeometry(1, 64, 14, 14, 128, 2, 3, 3, 2, 2, 1, 1, 1, 1, 7, 7)));
    }

    [Fact]
    public void Weights_TooFewValues_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new SmallMapWeights(64, 27, new float[64 * 27 - 1]));
        Assert.Contains("1727", e.Message);
        Assert.Contains("64×27", e.Message);
    }

    [Fact]
    public unsafe void Forward_WeightsOfAnotherShape_ThrowsNamingBoth()
    {
        var g = Geometry(8, 14, 14, 64, 2);
        var weights = new SmallMapWeights(32, g.Depth, new float[32 * g.Depth]);
        var x = new float[g.InChannels * g.InSize];
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y)
        {
            float* xp = px, yp = py;
            var e = Assert.Throws<ArgumentException>(() => SmallMapConv.Forward(g, xp, weights, null, yp, Activation.None));
            Assert.Contains("32×72", e.Message);
            Assert.Contains("64×72", e.Message);
        }
    }

    private static float Apply(Activation a, float v) => a.Kind switch
    {
        ActivationKind.Relu => Math.Max(v, 0f),
        ActivationKind.Clip => Math.Min(Math.Max(v, a.Lo), a.Hi),
        ActivationKind.Silu => (float)(v / (1 + Math.Exp(-v))),
        _ => v,
    };

    /// <summary>One image, 3×3 pad 1 at the given stride.</summary>
    private static ConvGeometry Geometry(int c, int h, int w, int m, int stride)
    {
        int outH = (h + 2 - 3) / stride + 1, outW = (w + 2 - 3) / stride + 1;
        return new ConvGeometry(1, c, h, w, m, 1, 3, 3, stride, stride, 1, 1, 1, 1, outH, outW);
    }

    private static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
