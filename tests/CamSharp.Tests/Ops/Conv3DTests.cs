using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>Conv on 5-D inputs (video): the 3-D path against a direct float64 convolution, and its input gradient against finite differences.</summary>
public class Conv3DTests
{
    /// <summary>A 3-D configuration; pads as [d0, h0, w0, d1, h1, w1].</summary>
    public sealed record Case(string Name, int Batch, int C, int D, int H, int W, int M, int KD, int KH, int KW, int Group = 1,
        int[]? Strides = null, int[]? Dilations = null, int[]? Pads = null, bool Bias = true, string? AutoPad = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() => new()
    {
        new("3x3x3 pad 1", 2, 3, 4, 5, 6, 4, 3, 3, 3, Pads: [1, 1, 1, 1, 1, 1]),
        new("r3d stem 3x7x7 stride 1x2x2", 1, 3, 4, 9, 8, 5, 3, 7, 7, Strides: [1, 2, 2], Pads: [1, 3, 3, 1, 3, 3]),
        new("1x1x1 stride 2 no bias", 1, 4, 5, 6, 7, 3, 1, 1, 1, Strides: [2, 2, 2], Bias: false),
        new("groups 2 dilation 2 asymmetric", 2, 4, 6, 7, 6, 6, 2, 3, 2, Group: 2, Dilations: [2, 2, 1], Pads: [1, 0, 2, 0, 2, 1]),
        new("depthwise temporal 3x1x1", 1, 3, 5, 4, 4, 3, 3, 1, 1, Group: 3, Pads: [1, 0, 0, 1, 0, 0]),
        new("SAME_UPPER stride 2", 1, 2, 5, 6, 7, 3, 3, 3, 3, Strides: [2, 2, 2], AutoPad: "SAME_UPPER"),
        // mc3_18 / r2plus1d_18: spatial-only and temporal-only kernels with anisotropic strides and pads.
        new("mc3 spatial 1x3x3 stride 1x2x2 pad 0x1x1", 1, 4, 3, 7, 8, 5, 1, 3, 3, Strides: [1, 2, 2], Pads: [0, 1, 1, 0, 1, 1]),
        new("r2plus1d temporal 3x1x1 stride 2x1x1 pad 1x0x0", 1, 4, 5, 3, 4, 5, 3, 1, 1, Strides: [2, 1, 1], Pads: [1, 0, 0, 1, 0, 0]),
        new("downsample 1x1x1 stride 1x2x2", 1, 4, 3, 6, 5, 3, 1, 1, 1, Strides: [1, 2, 2], Bias: false),
    };

    /// <summary>Channel counts of a real network's late stage, too many inputs for finite differences.</summary>
    public static TheoryData<Case> WideCases() => new()
    {
        new("mc3 layer4 width 1x3x3 pad 0x1x1", 1, 48, 8, 7, 7, 40, 1, 3, 3, Pads: [0, 1, 1, 0, 1, 1]),
        new("r2plus1d width 3x1x1 stride 2x1x1", 1, 40, 4, 7, 7, 48, 3, 1, 1, Strides: [2, 1, 1], Pads: [1, 0, 0, 1, 0, 0]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(WideCases))]
    public void Forward_RandomConfig_MatchesDirectConvolution(Case c)
    {
        var (x, w, b) = Inputs(c, new Random(c.Name.Length));
        var y = OpTester.Run("Conv", [x, w, b], Attrs(c), constant: [false, true, true])[0];
        var expected = Direct(c, x, w, b, out int[] shape);
        Assert.Equal(shape, y.Shape);
        OpTester.AssertClose(y.Floats, expected);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_RandomConfig_MatchesFiniteDifferences(Case c)
    {
        var (x, w, b) = Inputs(c with { Batch = 1 }, new Random(3));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        OpTester.CheckGradient(op, [x, w, b], wrt: [0], constant: [false, true, true]);
    }

    /// <summary>
    /// The input gradient against the exact adjoint in float64: finite differences only bound the
    /// error to a few percent, which would let a one-in-a-hundred slip through.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    [MemberData(nameof(WideCases))]
    public void Backward_RandomConfig_MatchesDirectAdjoint(Case c)
    {
        var rng = new Random(5);
        var (x, w, b) = Inputs(c, rng);
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        var y = OpTester.Run(op, [x, w, b], [false, true, true]);
        var dy = OpTester.RandomTensor(rng, y[0].Shape);
        var infos = new TensorInfo?[] { new(DataType.Float32, x.Shape), new(DataType.Float32, w.Shape), b is null ? null : new(DataType.Float32, b.Shape) };
        var ctx = new BackwardContext([x, w, b], infos, y, [dy], [true, false, false]);
        op.Backward(ctx);
        var expected = new double[x.Length];
        var wv = w.Floats.ToArray();
        var dyv = dy.Floats.ToArray();
        ForEachTap(c, out _, (xi, wi, yi) => expected[xi] += (double)wv[wi] * dyv[yi]);
        OpTester.AssertClose(ctx.InputGrads[0]!.Floats, expected.Select(v => (float)v).ToArray());
    }

    [Fact]
    public void Forward_FusedRelu_ClampsOutput()
    {
        var c = new Case("3x3x3 pad 1", 2, 3, 4, 5, 6, 4, 3, 3, 3, Pads: [1, 1, 1, 1, 1, 1]);
        var (x, w, b) = Inputs(c, new Random(1));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        var plain = OpTester.Run(op, [x, w, b], [false, true, true])[0];
        var fused = Tensor.Uninitialized(DataType.Float32, plain.Shape);
        op.Forward(new ForwardContext([x, w, b], [fused], CamSharp.Tensors.Kernels.Activation.Relu));
        Assert.Equal(plain.Floats.ToArray().Select(v => Math.Max(v, 0f)), fused.Floats.ToArray());
    }

    [Fact]
    public void Forward_Precise_IsTheFloat64SumRoundedOnce()
    {
        // RunOptions.Precise was ignored on 5-D inputs, so S3D's gradient check against torch float64 could not use it.
        // Inputs around 100 with weights of either sign: float32 sums of 432 products lose several ulps of the result.
        var c = new Case("mc3 layer4 width 1x3x3 pad 0x1x1", 1, 48, 8, 7, 7, 40, 1, 3, 3, Pads: [0, 1, 1, 0, 1, 1]);
        var rng = new Random(8);
        var x = Tensor.FromFloats(Enumerable.Range(0, c.C * c.D * c.H * c.W).Select(_ => 100f + (float)rng.NextDouble()).ToArray(), c.Batch, c.C, c.D, c.H, c.W);
        var w = OpTester.RandomTensor(rng, c.M, c.C, c.KD, c.KH, c.KW);
        var b = OpTester.RandomTensor(rng, c.M);
        var expected = Direct(c, x, w, b, out int[] shape);
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        _ = OpTester.Run(op, [x, w, b], [false, true, true]);
        var y = Tensor.Uninitialized(DataType.Float32, shape);
        op.Forward(new ForwardContext([x, w, b], [y]) { Precise = true });
        double scale = expected.Max(v => Math.Abs((double)v)), worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs((double)y.Floats[i] - expected[i]));
        Assert.True(worst <= 1.5e-7 * scale, $"max |precise - float64| {worst:G3} of max |y| {scale:G3}");
    }

    [Fact]
    public void Infer_WeightOfWrongRank_ThrowsNamingTheNode()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("Conv", [Tensor.Zeros(1, 2, 3, 4, 4), Tensor.Zeros(2, 2, 3, 3)]));
        Assert.Contains("/test/Conv", e.Message);
        Assert.Contains("weight has 4 dims, expected 5", e.Message);
    }

    private static Attributes Attrs(Case c)
    {
        var a = new Attributes().Set("group", c.Group);
        if (c.Strides is not null) a.Set("strides", c.Strides);
        if (c.Dilations is not null) a.Set("dilations", c.Dilations);
        if (c.Pads is not null) a.Set("pads", c.Pads);
        if (c.AutoPad is not null) a.Set("auto_pad", c.AutoPad);
        return a;
    }

    private static (Tensor X, Tensor W, Tensor? B) Inputs(Case c, Random rng) =>
        (OpTester.RandomTensor(rng, c.Batch, c.C, c.D, c.H, c.W), OpTester.RandomTensor(rng, c.M, c.C / c.Group, c.KD, c.KH, c.KW),
            c.Bias ? OpTester.RandomTensor(rng, c.M) : null);

    /// <summary>Direct convolution in float64 with explicit (or SAME_UPPER-resolved) pads.</summary>
    private static float[] Direct(Case c, Tensor x, Tensor w, Tensor? b, out int[] shape)
    {
        var xv = x.Floats.ToArray();
        var wv = w.Floats.ToArray();
        double[]? sums = null;
        ForEachTap(c, out shape, (xi, wi, yi) => sums![yi] += (double)xv[xi] * wv[wi], size => sums = new double[size]);
        int perImage = shape[2] * shape[3] * shape[4];
        for (int i = 0; i < sums!.Length; i++) sums[i] += b is null ? 0 : b.Floats[i / perImage % c.M];
        return sums.Select(v => (float)v).ToArray();
    }

    /// <summary>Calls <paramref name="tap"/> with (x index, w index, y index) for every product a convolution sums.</summary>
    private static void ForEachTap(Case c, out int[] shape, Action<int, int, int> tap, Action<int>? sized = null)
    {
        int[] size = [c.D, c.H, c.W], k = [c.KD, c.KH, c.KW], s = c.Strides ?? [1, 1, 1], dl = c.Dilations ?? [1, 1, 1];
        var begin = new int[3];
        var output = new int[3];
        for (int a = 0; a < 3; a++)
        {
            int span = (k[a] - 1) * dl[a] + 1;
            if (c.AutoPad == "SAME_UPPER")
            {
                output[a] = (size[a] + s[a] - 1) / s[a];
                begin[a] = Math.Max(0, (output[a] - 1) * s[a] + span - size[a]) / 2;
            }
            else
            {
                int[] p = c.Pads ?? new int[6];
                begin[a] = p[a];
                output[a] = (size[a] + p[a] + p[3 + a] - span) / s[a] + 1;
            }
        }
        shape = [c.Batch, c.M, output[0], output[1], output[2]];
        sized?.Invoke(ShapeUtil.Size(shape));
        int cg = c.C / c.Group, mg = c.M / c.Group;
        int i = 0;
        for (int n = 0; n < c.Batch; n++)
            for (int m = 0; m < c.M; m++)
                for (int od = 0; od < output[0]; od++)
                    for (int oh = 0; oh < output[1]; oh++)
                        for (int ow = 0; ow < output[2]; ow++, i++)
                        {
                            int g = m / mg;
                            for (int ci = 0; ci < cg; ci++)
                                for (int kd = 0; kd < c.KD; kd++)
                                    for (int kh = 0; kh < c.KH; kh++)
                                        for (int kw = 0; kw < c.KW; kw++)
                                        {
                                            int id = od * s[0] - begin[0] + kd * dl[0], ih = oh * s[1] - begin[1] + kh * dl[1], iw = ow * s[2] - begin[2] + kw * dl[2];
                                            if (id < 0 || id >= c.D || ih < 0 || ih >= c.H || iw < 0 || iw >= c.W) continue;
                                            tap((((n * c.C + g * cg + ci) * c.D + id) * c.H + ih) * c.W + iw,
                                                (((m * cg + ci) * c.KD + kd) * c.KH + kh) * c.KW + kw, i);
                                        }
                        }
    }
}
