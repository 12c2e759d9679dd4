using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The 1×1 kernel that reads B from the input planes, against the float64 reference: partial
/// channel panels (down to one row), narrow masked strips (1 to 31 pixels), deep K, batches,
/// several pixel blocks split across threads, every activation its store applies; which
/// shapes take it; its weights' checks. On AVX2 + FMA without AVX-512 the 6 × 16 kernel
/// (<see cref="PointwiseKernel256"/>) runs instead, called directly on every row count and
/// strip width; without either the GEMM takes these shapes and the same comparisons hold for it.
/// </summary>
public sealed class PointwiseTests
{
    public static TheoryData<int[]> Geometries() => new()
    {
        // batch, C, H, W, M
        new[] { 1, 16, 7, 7, 29 },     // 7×7: a full strip and a 17-wide masked one; panels of 14, 14 and 1
        new[] { 3, 5, 5, 7, 15 },      // batch 3, K = 5, 35 pixels: a 3-wide masked strip; a 1-row panel
        new[] { 2, 300, 4, 4, 3 },     // deep K, 16 pixels: one all-lanes masked half strip, one 3-row panel
        new[] { 2, 144, 40, 40, 24 },  // several 448-pixel blocks per image, parallel items, a 10-row panel
        new[] { 1, 8, 1, 33, 256 },    // the widest M taken, a 1-wide strip after a full one
        new[] { 1, 1, 3, 3, 1 },       // K = 1, M = 1
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_PointwiseShapes_MatchReferenceForEveryActivation(int[] s)
    {
        var g = Geometry(s);
        Assert.Equal(ExpectedApplies(g), Convolution.UsesPointwise(g));
        var rng = new Random(s.Sum());
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var weights = Pointwise.Handles(g) ? new ChannelPanelWeights(g.OutChannels, g.Depth, w, Pointwise.PanelWidth) : null;
        foreach (bool withBias in new[] { true, false })
        {
            var reference = new float[g.Batch * g.OutChannels * g.OutSize];
            PreciseKernels.Convolution(g, x, w, withBias ? bias : null, reference);
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
            {
                // Sentinels: a store past a plane's last pixel or a panel's last channel would overwrite them.
                var y = new float[reference.Length + 64];
                Array.Fill(y, float.NaN);
                Convolution.Forward(g, x, w, null, withBias ? bias : default, y.AsSpan(0, reference.Length), activation, pointwise: weights);
                for (int i = 0; i < reference.Length; i++)
                    Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                        $"{activation}, bias {withBias}, at {i}: {y[i]} against {Apply(activation, reference[i])}");
                for (int i = reference.Length; i < y.Length; i++) Assert.True(float.IsNaN(y[i]), $"written past the output at {i}");
            }
        }
    }

    public static TheoryData<int[]> KernelEdges() => new()
    {
        // batch, C, H, W, M: every row count of a 6-channel panel, last strips of 1, 7, 8, 9, 15, 16 and 17 pixels.
        new[] { 1, 3, 1, 1, 1 },       // one pixel, one channel: a 1-lane masked strip
        new[] { 1, 4, 1, 7, 2 },       // 7 pixels: one masked half strip, 2 rows
        new[] { 1, 5, 2, 4, 3 },       // 8 pixels: one whole half strip under the mask, 3 rows
        new[] { 1, 6, 3, 3, 4 },       // 9 pixels: a full vector and a 1-lane one, 4 rows
        new[] { 1, 7, 3, 5, 5 },       // 15 pixels, 5 rows
        new[] { 2, 9, 4, 4, 6 },       // 16 pixels: one unmasked strip per image, a full panel
        new[] { 1, 10, 1, 17, 7 },     // 17 pixels: a strip and a 1-lane edge, a panel and 1 row
        new[] { 1, 200, 3, 11, 17 },   // deep K, 33 pixels, panels 6 + 6 + 5
        new[] { 2, 40, 30, 30, 46 },   // 900 pixels in several blocks per image, items over threads (the GEMM's shape on AVX2)
    };

    [Theory]
    [MemberData(nameof(KernelEdges))]
    public unsafe void Forward_KernelCalledDirectly_MatchesReferenceOnEveryEdge(int[] s)
    {
        var g = Geometry(s);
        if (!Pointwise.Handles(g)) return;
        var rng = new Random(s.Sum() + 3);
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var weights = new ChannelPanelWeights(g.OutChannels, g.Depth, w, Pointwise.PanelWidth);
        foreach (bool withBias in new[] { true, false })
        {
            var reference = new float[g.Batch * g.OutChannels * g.OutSize];
            PreciseKernels.Convolution(g, x, w, withBias ? bias : null, reference);
            foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(0f, 6f), Activation.Clip(-0.2f, 0.3f), Activation.Silu })
            {
                var y = new float[reference.Length + 64];
                Array.Fill(y, float.NaN);
                fixed (float* px = x, pb = bias, py = y) Pointwise.Forward(g, px, weights, withBias ? pb : null, py, activation);
                for (int i = 0; i < reference.Length; i++)
                    Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                        $"{activation}, bias {withBias}, at {i}: {y[i]} against {Apply(activation, reference[i])}");
                for (int i = reference.Length; i < y.Length; i++) Assert.True(float.IsNaN(y[i]), $"written past the output at {i}");
            }
        }
    }

    [Fact]
    public void Forward_WithoutOrderedWeights_OrdersThemOnTheFly()
    {
        var g = Geometry([2, 12, 6, 9, 20]);
        var rng = new Random(7);
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var reference = new float[g.Batch * g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, null, reference);
        var y = new float[reference.Length];
        Convolution.Forward(g, x, w, null, default, y);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"at {i}");
    }

    [Fact]
    public void Applies_OtherGeometries_LeavesThemToOtherKernels()
    {
        // More than 256 outputs (packed B repays itself), groups, strides, padding and 3×3 kernels are not this kernel's.
        Assert.False(Pointwise.Applies(new ConvGeometry(1, 160, 7, 7, 960, 1, 1, 1, 1, 1, 1, 1, 0, 0, 7, 7)));
        Assert.False(Pointwise.Applies(new ConvGeometry(1, 16, 8, 8, 16, 2, 1, 1, 1, 1, 1, 1, 0, 0, 8, 8)));
        Assert.False(Pointwise.Applies(new ConvGeometry(1, 16, 8, 8, 16, 1, 1, 1, 2, 2, 1, 1, 0, 0, 4, 4)));
        Assert.False(Pointwise.Applies(new ConvGeometry(1, 16, 8, 8, 16, 1, 1, 1, 1, 1, 1, 1, 1, 1, 10, 10)));
        Assert.False(Pointwise.Applies(new ConvGeometry(1, 16, 8, 8, 16, 1, 3, 3, 1, 1, 1, 1, 1, 1, 8, 8)));
        // MobileNet's 144→24 projection on 56×56 is the kernel's on AVX-512 and on AVX2 alike.
        Assert.Equal(ExpectedApplies(Geometry([1, 144, 56, 56, 24])), Pointwise.Applies(Geometry([1, 144, 56, 56, 24])));
        Assert.Equal(PointwiseKernel512.IsSupported || PointwiseKernel256.IsSupported, Pointwise.Applies(Geometry([1, 144, 56, 56, 24])));
        // On AVX2 products with more than 32 outputs or K above 384 go to the GEMM; the AVX-512 kernel keeps them up to 256 outputs.
        Assert.Equal(PointwiseKernel512.IsSupported, Pointwise.Applies(Geometry([1, 24, 56, 56, 144])));
        Assert.Equal(PointwiseKernel512.IsSupported, Pointwise.Applies(Geometry([1, 256, 13, 13, 128])));
        Assert.Equal(PointwiseKernel512.IsSupported, Pointwise.Applies(Geometry([1, 512, 13, 13, 32])));
        Assert.False(Pointwise.Applies(Geometry([1, 96, 14, 14, 576])));
    }

    /// <summary>The dispatch the kernels' measurements chose: AVX-512 up to 256 outputs, AVX2 + FMA up to 32 outputs and K = 384.</summary>
    private static bool ExpectedApplies(ConvGeometry g) =>
        PointwiseKernel512.IsSupported ? g.OutChannels <= 256
        : PointwiseKernel256.IsSupported && g.OutChannels <= 32 && g.Depth <= 384;

    [Fact]
    public void Weights_TooFewValues_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new ChannelPanelWeights(8, 27, new float[8 * 27 - 1], PointwiseKernel512.MR));
        Assert.Contains("215", e.Message);
        Assert.Contains("8×27", e.Message);
    }

    [Fact]
    public unsafe void Forward_WeightsOfAnotherShape_Throws()
    {
        var g = Geometry([1, 16, 5, 5, 24]);
        if (!Pointwise.Handles(g))
        {
            // The kernels refuse to run at all where they cannot.
            Assert.False(PointwiseKernel512.IsSupported || PointwiseKernel256.IsSupported);
            return;
        }
        var weights = new ChannelPanelWeights(16, g.Depth, new float[16 * g.Depth], Pointwise.PanelWidth);
        // Panels of the other kernel's width (14 on an AVX2 machine, 6 on an AVX-512 one) are refused too.
        var otherWidth = new ChannelPanelWeights(24, g.Depth, new float[24 * g.Depth], Pointwise.PanelWidth == 6 ? 14 : 6);
        var x = new float[g.InChannels * g.InSize];
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y)
        {
            float* xp = px, yp = py;
            var e = Assert.Throws<ArgumentException>(() => Pointwise.Forward(g, xp, weights, null, yp, Activation.None));
            Assert.Contains("16×16", e.Message);
            e = Assert.Throws<ArgumentException>(() => Pointwise.Forward(g, xp, otherWidth, null, yp, Activation.None));
            Assert.Contains($"in panels of {Pointwise.PanelWidth}", e.Message);
        }
    }

    private static float Apply(Activation a, float v) => a.Kind switch
    {
        ActivationKind.Relu => Math.Max(v, 0f),
        ActivationKind.Clip => Math.Min(Math.Max(v, a.Lo), a.Hi),
        ActivationKind.Silu => (float)(v / (1 + Math.Exp(-v))),
        _ => v,
    };

    private static ConvGeometry Geometry(int[] s) =>
        new(s[0], s[1], s[2], s[3], s[4], 1, 1, 1, 1, 1, 1, 1, 0, 0, s[2], s[3]);

    private static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
