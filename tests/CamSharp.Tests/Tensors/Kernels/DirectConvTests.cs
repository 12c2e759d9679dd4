using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The direct convolution against the float64 reference, for every activation it applies as it
/// stores (Relu, Clip) or over its scratch tile (SiLU); which shapes take it; its weights' checks.
/// Its twin with wide vectors off is in tests/CamSharp.KernelChecks (ConvolutionChecks).
/// </summary>
public sealed class DirectConvTests
{
    public static TheoryData<int[]> Geometries() => new()
    {
        // batch, C, H, W, M, k, stride, pad: squeezenet's expand and stem, resnet18's stem, smaller; partial channel blocks.
        new[] { 1, 16, 19, 21, 24, 3, 1, 1 },
        new[] { 2, 3, 41, 37, 20, 3, 2, 0 },
        new[] { 1, 3, 40, 44, 17, 7, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_ShallowConvolutions_MatchReferenceForEveryActivation(int[] s)
    {
        var g = Geometry(s);
        // Where AVX-512 is missing the AVX2 kernel takes these shapes (DirectConv256), where AVX2 is missing too the GEMM.
        Assert.Equal(DirectConv.Handles(g) || DirectConv256.Handles(g), Convolution.UsesDirect(g));
        var rng = new Random(s.Sum());
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var reference = new float[g.Batch * g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, bias, reference);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
        {
            var y = new float[reference.Length];
            Convolution.Forward(g, x, w, null, bias, y, activation, new DirectConvWeights(g.OutChannels, g.Depth, w));
            for (int i = 0; i < y.Length; i++)
                Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                    $"{activation} at {i}: {y[i]} against {Apply(activation, reference[i])}");
        }
    }

    [Fact]
    public void Forward_SqueezeNetShapes_TakeDirectPathWhereItWins()
    {
        // The 55×55 expand (K = 144) instead of Winograd; the 13×13 one (K = 432) stays with Winograd, and so does a batch; a 7×7 map stays with the GEMM.
        Assert.Equal(Avx512F.IsSupported, DirectConv.PreferredOverWinograd(new ConvGeometry(1, 16, 55, 55, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 55, 55)));
        Assert.False(DirectConv.PreferredOverWinograd(new ConvGeometry(1, 48, 13, 13, 192, 1, 3, 3, 1, 1, 1, 1, 1, 1, 13, 13)));
        Assert.False(DirectConv.PreferredOverWinograd(new ConvGeometry(8, 16, 55, 55, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 55, 55)));
        Assert.False(DirectConv.Applies(new ConvGeometry(1, 32, 7, 7, 64, 1, 3, 3, 1, 1, 1, 1, 1, 1, 7, 7)));
    }

    [Fact]
    public void Weights_TooFewValues_ThrowsNamingBothSizes()
    {
        var e = Assert.Throws<ArgumentException>(() => new DirectConvWeights(8, 27, new float[8 * 27 - 1]));
        Assert.Contains("215", e.Message);
        Assert.Contains("8×27", e.Message);
    }

    [Fact]
    public unsafe void Forward_WeightsOfAnotherShape_Throws()
    {
        var g = Geometry([1, 16, 19, 21, 24, 3, 1, 1]);
        var weights = new DirectConvWeights(16, g.Depth, new float[16 * g.Depth]);
        var x = new float[g.InChannels * g.InSize];
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y)
        {
            float* xp = px, yp = py;
            Assert.Throws<ArgumentException>(() => DirectConv.Forward(g, xp, weights, null, yp, Activation.None));
        }
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
