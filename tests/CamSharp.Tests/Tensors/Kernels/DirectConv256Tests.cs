using System.Runtime.Intrinsics;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// The AVX2 direct convolution against the float64 reference, for every activation it applies as
/// it stores (Relu, Clip) or over its scratch tile (SiLU); its placement of wide columns across row
/// gaps; which shapes take it on which machine; its weights' checks. Its twin, also with wide
/// vectors off, is in tests/CamSharp.KernelChecks (DirectConv256Checks).
/// </summary>
public sealed class DirectConv256Tests
{
    public static TheoryData<int[]> Geometries() => new()
    {
        // batch, C, H, W, M, k, stride, pad: mobilenet_v2's and squeezenet's stems, resnet18's, YOLOX's, smaller;
        // partial tiles of four channels, output rows narrower than a vector, bands of rows.
        new[] { 1, 3, 33, 31, 32, 3, 2, 1 },
        new[] { 2, 3, 41, 37, 20, 3, 2, 0 },
        new[] { 1, 3, 40, 44, 17, 7, 2, 3 },
        new[] { 1, 12, 30, 29, 16, 3, 1, 1 },
        new[] { 1, 5, 9, 6, 7, 3, 1, 1 },
        new[] { 1, 8, 180, 170, 6, 3, 2, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Forward_ShallowConvolutions_MatchReferenceForEveryActivation(int[] s)
    {
        var g = Geometry(s);
        var rng = new Random(s.Sum());
        var x = Random(rng, g.Batch * g.InChannels * g.InSize);
        var w = Random(rng, g.OutChannels * g.Depth);
        var bias = Random(rng, g.OutChannels);
        var weights = new DirectConvWeights(g.OutChannels, g.Depth, w);
        if (!DirectConv256.Handles(g))
        {
            // Where AVX2 is missing, or the AVX-512 kernels run, the kernel refuses (and Convolution never picks it).
            Assert.False(DirectConv256.IsSupported);
            Assert.Throws<ArgumentException>(() => DirectConv256.Forward(g, null, weights, null, null, Activation.None));
            return;
        }
        var reference = new float[g.Batch * g.OutChannels * g.OutSize];
        PreciseKernels.Convolution(g, x, w, bias, reference);
        foreach (var activation in new[] { Activation.None, Activation.Relu, Activation.Clip(-0.2f, 0.3f), Activation.Silu })
        {
            var y = new float[reference.Length + 1];
            y[^1] = 12345f;
            fixed (float* px = x, pb = bias, py = y) DirectConv256.Forward(g, px, weights, pb, py, activation);
            for (int i = 0; i < reference.Length; i++)
                Assert.True(Math.Abs(y[i] - Apply(activation, reference[i])) <= 1e-4f * (1 + Math.Abs(reference[i])),
                    $"{activation} at {i}: {y[i]} against {Apply(activation, reference[i])}");
            Assert.Equal(12345f, y[^1]);
        }
    }

    [Fact]
    public unsafe void Forward_NoBiasAndNaN_AddsNothingAndKeepsNaNThroughRelu()
    {
        var g = Geometry([1, 2, 6, 10, 4, 3, 1, 1]);
        if (!DirectConv256.Handles(g)) return;
        var x = new float[g.InChannels * g.InSize];
        x[0] = float.NaN;
        var w = new float[g.OutChannels * g.Depth];
        Array.Fill(w, 1f);
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y) DirectConv256.Forward(g, px, new DirectConvWeights(g.OutChannels, g.Depth, w), null, py, Activation.Relu);
        // Input (0, 0) is in the windows of outputs (0, 0), (0, 1), (1, 0), (1, 1) of every channel; the rest are Relu(0) = 0.
        for (int o = 0; o < g.OutChannels; o++)
            for (int p = 0; p < g.OutSize; p++)
            {
                bool window = p / g.OutWidth <= 1 && p % g.OutWidth <= 1;
                Assert.True(window ? float.IsNaN(y[o * g.OutSize + p]) : y[o * g.OutSize + p] == 0f, $"channel {o} pixel {p}: {y[o * g.OutSize + p]}");
            }
    }

    [Theory]
    [InlineData(0, 5, 7)]  // rows of 5 output pixels in wide rows of 7: every vector crosses a gap
    [InlineData(3, 13, 15)]  // starting mid-row
    [InlineData(100, 1, 2)]  // one pixel a row, past the last row at the end
    [InlineData(16, 30, 31)]  // whole vectors and one crossing
    public unsafe void Store_WideColumnsAcrossRowGaps_LandOnTheirOutputPixels(int from, int outWidth, int rowStep)
    {
        if (!DirectConv256.IsSupported) return;
        int rows = 5;
        long wide = (long)rows * rowStep;
        var store = new DirectConvStore256(from, wide, rowStep, outWidth, Activation.None);
        var plane = new float[rows * outWidth + 8];
        Array.Fill(plane, -1f);
        // Three vectors holding wide columns from + 1 … from + 24, so every lane is told apart.
        var a = Vector256.Create(1f, 2, 3, 4, 5, 6, 7, 8) + Vector256.Create((float)from);
        fixed (float* p = plane) store.Put(p, a, a + Vector256.Create(8f), a + Vector256.Create(16f));
        // Wide column c (< wide, c mod rowStep < outWidth) is output pixel (c / rowStep)·outWidth + c mod rowStep and holds c + 1.
        var expected = Enumerable.Repeat(-1f, plane.Length).ToArray();
        for (int c = from; c < from + DirectConvTile256.Width; c++)
            if (c < wide && c % rowStep < outWidth) expected[c / rowStep * outWidth + c % rowStep] = c + 1;
        Assert.Equal(expected, plane);
    }

    [Fact]
    public void Applies_ShallowStemsAndNarrowOutputs_OnAvx2Only()
    {
        // mobilenet_v2's, squeezenet's and yolov8n's stems, resnet18's 7×7, YOLOX's 12→16 stem, yolov8n's 16→32 3×3/2 (K = 144).
        int[][] taken = [[1, 3, 224, 224, 32, 3, 2, 1], [1, 3, 224, 224, 64, 3, 2, 0], [1, 3, 640, 640, 16, 3, 2, 1],
            [1, 3, 224, 224, 64, 7, 2, 3], [1, 12, 208, 208, 16, 3, 1, 1], [1, 16, 320, 320, 32, 3, 2, 1], [8, 3, 224, 224, 32, 3, 2, 1]];
        foreach (var s in taken)
        {
            var g = Geometry(s);
            Assert.Equal(DirectConv256.IsSupported, DirectConv256.Applies(g));
            // Convolution runs it, and the operator hands it the ordered weights (on AVX-512 these shapes are DirectConv's or NarrowConv's).
            if (DirectConv256.IsSupported) Assert.True(Convolution.UsesDirect(g));
        }
        // Deeper products (yolov8n's 32→64 3×3/2 on 160, K = 288; squeezenet's 13×13 expand) stay with the GEMM or Winograd.
        Assert.False(DirectConv256.Applies(Geometry([1, 32, 160, 160, 64, 3, 2, 1])));
        Assert.False(DirectConv256.Applies(Geometry([1, 64, 13, 13, 256, 3, 1, 1])));
        // Squeezenet's 55×55 expand (K = 144) is a tie with Winograd, which keeps it; 7×7 maps waste too many wide columns.
        var expand = Geometry([1, 16, 55, 55, 64, 3, 1, 1]);
        if (!DirectConv.Handles(expand)) Assert.False(DirectConv.PreferredOverWinograd(expand));
        Assert.False(DirectConv256.Applies(Geometry([1, 16, 7, 7, 64, 3, 1, 1])));
        // Three output channels, grouped, 1×1: never.
        Assert.False(DirectConv256.Handles(Geometry([1, 3, 20, 20, 3, 3, 1, 1])));
        Assert.False(DirectConv256.Handles(Geometry([1, 16, 20, 20, 16, 1, 1, 0])));
    }

    [Fact]
    public unsafe void Forward_WeightsOfAnotherShape_Throws()
    {
        var g = Geometry([1, 16, 19, 21, 24, 3, 1, 1]);
        if (!DirectConv256.Handles(g)) return;
        var weights = new DirectConvWeights(16, g.Depth, new float[16 * g.Depth]);
        var x = new float[g.InChannels * g.InSize];
        var y = new float[g.OutChannels * g.OutSize];
        fixed (float* px = x, py = y)
        {
            float* xp = px, yp = py;
            var e = Assert.Throws<ArgumentException>(() => DirectConv256.Forward(g, xp, weights, null, yp, Activation.None));
            Assert.Contains("16×144", e.Message);
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
