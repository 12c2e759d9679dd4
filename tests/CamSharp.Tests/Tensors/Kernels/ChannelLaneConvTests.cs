using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The channel-lane convolution against the float64 reference, for every activation it applies
/// as it stores; odd and even sizes, strides 1 and 2, tiles across row gaps, partial channel
/// panels, a batch, and an image large enough to run in bands; its weights' checks.
/// </summary>
public sealed class ChannelLaneConvTests
{
    public static TheoryData<int[]> Geometries() => new()
    {
        // batch, C, H, W, M, k, stride, pad
        new[] { 1, 16, 19, 21, 32, 3, 1, 1 },
        new[] { 2, 5, 20, 17, 64, 3, 2, 1 },
        new[] { 1, 3, 15, 15, 48, 3, 2, 0 },
        new[] { 1, 8, 7, 9, 40, 3, 1, 1 },
        new[] { 1, 4, 12, 13, 32, 5, 1, 2 },
        // 40 channels of 128×128 padded planes exceed the band size: several bands of output rows.
        new[] { 1, 40, 128, 128, 32, 3, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Forward_DenseConvolutions_MatchReferenceForEveryActivation(int[] s)
    {
        var g = Geometry(s);
        if (!ChannelLaneConv.Handles(g))
        {
            // Without AVX-512 the kernel refuses (and Convolution never picks it).
            Assert.False(Avx512F.IsSupported);
            Assert.Throws<ArgumentException>(() => ChannelLaneConv.Forward(g, null, ChannelLaneConv.PackWeights(g, new float[g.OutChannels * g.Depth]), null, null, Activation.None));
            return;
        }
        var rng = new Random(s.Sum());
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var reference = new float[g.Batch * g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, bias, reference);
        var weights = ChannelLaneConv.PackWeights(g, w);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
        {
            var y = new float[reference.Length + 1];
            y[^1] = 12345f;
            fixed (float* px = x, pb = bias, py = y) ChannelLaneConv.Forward(g, px, weights, pb, py, activation);
            for (int i = 0; i < reference.Length; i++)
                Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                    $"{activation} at {i}: {y[i]} against {Apply(activation, reference[i])}");
            Assert.Equal(12345f, y[^1]);
        }
    }

    [Fact]
    public unsafe void Forward_NoBias_AddsNothing()
    {
        var g = Geometry([1, 6, 11, 10, 32, 3, 1, 1]);
        // Without AVX-512 the kernel refuses (Forward_DenseConvolutions_MatchReferenceForEveryActivation checks how).
        if (!ChannelLaneConv.Handles(g)) return;
        var rng = new Random(3);
        var x = Random(rng, g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var reference = new float[g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, null, reference);
        var y = new float[reference.Length];
        fixed (float* px = x, py = y) ChannelLaneConv.Forward(g, px, ChannelLaneConv.PackWeights(g, w), null, py, Activation.None);
        for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - reference[i]) <= 1e-4f * (1 + Math.Abs(reference[i])), $"at {i}");
    }

    [Fact]
    public unsafe void Forward_WeightsOfAnotherShape_ThrowsNamingBoth()
    {
        var g = Geometry([1, 16, 19, 21, 32, 3, 1, 1]);
        // Without AVX-512 the kernel refuses whatever the weights (Forward_DenseConvolutions_MatchReferenceForEveryActivation).
        if (!ChannelLaneConv.Handles(g)) return;
        var weights = new ChannelPanelWeights(64, g.Depth, new float[64 * g.Depth], ChannelLaneTile.Channels);
        var x = new float[g.InChannels * g.InSize];
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y)
        {
            float* xp = px, yp = py;
            var e = Assert.Throws<ArgumentException>(() => ChannelLaneConv.Forward(g, xp, weights, null, yp, Activation.None));
            Assert.Contains("64×144", e.Message);
            Assert.Contains("32×144", e.Message);
        }
    }

    [Fact]
    public void UsesChannelLanes_DeepStridedWholePanels_WhereTheGemmRan()
    {
        // yolov8n's 128→256 and 128→128 stride-2 3×3s on 40×40 (depth 1152: DirectConv stops at 640) take it where AVX-512 runs it at all.
        Assert.Equal(Avx512F.IsSupported, Convolution.UsesChannelLanes(Geometry([1, 128, 40, 40, 256, 3, 2, 1])));
        Assert.Equal(Avx512F.IsSupported, Convolution.UsesChannelLanes(Geometry([1, 128, 40, 40, 128, 3, 2, 1])));
        // DirectConv's and SmallMapConv's shapes stay theirs; stride 1, a batch, partial panels, 1×1 go elsewhere.
        Assert.False(Convolution.UsesChannelLanes(Geometry([1, 64, 80, 80, 128, 3, 2, 1])));
        Assert.False(Convolution.UsesChannelLanes(Geometry([1, 128, 28, 28, 256, 3, 2, 1])));
        Assert.False(ChannelLaneConv.Applies(Geometry([1, 64, 40, 40, 64, 3, 1, 1])));
        Assert.False(ChannelLaneConv.Applies(Geometry([2, 128, 40, 40, 256, 3, 2, 1])));
        Assert.False(ChannelLaneConv.Applies(Geometry([1, 128, 40, 40, 80, 3, 2, 1])));
        Assert.False(ChannelLaneConv.Applies(Geometry([1, 128, 28, 28, 256, 1, 2, 0])));
    }

    private static float Apply(Activation a, float v) => a.Kind switch
    {
        ActivationKind.Relu => Math.Max(v, 0f),
        ActivationKind.Clip => Math.Min(Math.Max(v, a.Lo), a.Hi),
        ActivationKind.Silu => (float)(v / (1 + Math.Exp(-v))),
        _ => v,
    };

    private static ConvGeometry Geometry(int[] s)
    {
        int outH = (s[2] + 2 * s[7] - s[5]) / s[6] + 1, outW = (s[3] + 2 * s[7] - s[5]) / s[6] + 1;
        return new ConvGeometry(s[0], s[1], s[2], s[3], s[4], 1, s[5], s[5], s[6], s[6], 1, 1, s[7], s[7], outH, outW);
    }

    private static float[] Random(Random rng, int n)
    {
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }
}
