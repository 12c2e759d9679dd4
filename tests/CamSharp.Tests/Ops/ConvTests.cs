using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class ConvTests
{
    /// <summary>One 2-D test configuration: shapes, attributes, and pads as [top, left, bottom, right].</summary>
    public sealed record Case(string Name, int Batch, int C, int H, int W, int M, int KH, int KW, int Group = 1,
        int[]? Strides = null, int[]? Dilations = null, int[]? Pads = null, bool Bias = true, string? AutoPad = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() => new()
    {
        new("3x3 pad 1", 2, 3, 7, 6, 4, 3, 3, Pads: [1, 1, 1, 1]),
        new("stride 2 asymmetric pads", 2, 3, 9, 8, 5, 3, 3, Strides: [2, 2], Pads: [0, 1, 2, 1]),
        new("dilation 2 groups 2 3x2", 2, 4, 9, 8, 6, 3, 2, Group: 2, Dilations: [2, 2], Pads: [2, 1, 1, 0], Bias: false),
        new("strides 3x1 dilations 1x3 odd", 1, 2, 11, 10, 3, 2, 3, Strides: [3, 1], Dilations: [1, 3], Pads: [1, 2, 0, 3]),
        new("depthwise stride 2", 2, 3, 9, 7, 3, 3, 3, Group: 3, Strides: [2, 2], Pads: [1, 1, 1, 1]),
        new("depthwise dilation 2 no bias", 1, 4, 8, 9, 4, 3, 3, Group: 4, Dilations: [2, 2], Pads: [2, 2, 2, 2], Bias: false),
        new("depthwise stride 2x1 asymmetric", 2, 2, 7, 8, 2, 3, 2, Group: 2, Strides: [2, 1], Pads: [0, 1, 1, 0]),
        new("channel multiplier 2", 2, 3, 6, 5, 6, 3, 3, Group: 3, Pads: [1, 1, 1, 1]),
        new("pointwise groups 2", 2, 4, 5, 6, 6, 1, 1, Group: 2),
        new("pointwise stride 2", 2, 4, 7, 6, 5, 1, 1, Strides: [2, 2]),
        new("pointwise stride 2, rows of 17 gathered (resnet downsample)", 1, 24, 14, 33, 40, 1, 1, Strides: [2, 2], Bias: false),
        new("pointwise strides 3x2 odd width", 2, 5, 10, 11, 6, 1, 1, Strides: [3, 2]),
        new("pointwise stride 2 padded (not gathered)", 1, 3, 6, 7, 4, 1, 1, Strides: [2, 2], Pads: [1, 1, 1, 1]),
        new("7x7 stride 2 pad 3", 1, 3, 13, 12, 4, 7, 7, Strides: [2, 2], Pads: [3, 3, 3, 3]),
        new("SAME_UPPER stride 2", 2, 3, 8, 7, 4, 3, 3, Strides: [2, 2], AutoPad: "SAME_UPPER"),
        new("SAME_LOWER 2x2", 1, 3, 6, 7, 4, 2, 2, AutoPad: "SAME_LOWER"),
        new("VALID stride 2", 1, 2, 9, 8, 3, 3, 3, Strides: [2, 2], AutoPad: "VALID"),
        new("larger, parallel", 2, 16, 20, 19, 33, 3, 3, Pads: [1, 1, 1, 1]),
        new("tall narrow, shared packing", 2, 32, 7, 7, 96, 3, 3, Pads: [1, 1, 1, 1]),
        new("stride 2 wide rows", 1, 2, 5, 41, 3, 3, 3, Strides: [2, 2], Pads: [1, 1, 1, 0]),
        new("batch 2 maps too wide to batch", 2, 2, 33, 32, 3, 3, 3, Pads: [1, 1, 1, 1]),
        new("winograd, uneven pads", 1, 16, 15, 14, 20, 3, 3, Pads: [1, 0, 0, 1]),
        new("dilation 4 wider than the map (fcn layer4)", 1, 4, 6, 6, 5, 3, 3, Dilations: [4, 4], Pads: [4, 4, 4, 4]),
        new("dilation 12 on a 6x6 map (deeplabv3 ASPP)", 1, 4, 6, 6, 5, 3, 3, Dilations: [12, 12], Pads: [12, 12, 12, 12]),
        new("dilation 2, 16 channels (resnet layer3)", 1, 16, 8, 8, 16, 3, 3, Dilations: [2, 2], Pads: [2, 2, 2, 2]),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_RandomConfig_MatchesDirectConvolution(Case c)
    {
        var (x, w, b) = Inputs(c, new Random(c.Name.Length));
        foreach (bool constantWeights in new[] { false, true })
        {
            var y = OpTester.Run("Conv", [x, w, b], Attrs(c), constant: [false, constantWeights, constantWeights])[0];
            var expected = Direct(c, x, w, b, out int[] shape);
            Assert.Equal(shape, y.Shape);
            OpTester.AssertClose(y.Floats, expected);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Backward_RandomConfig_MatchesFiniteDifferences(Case c)
    {
        if (c.C * c.H * c.W * c.Batch > 1000) c = c with { Batch = 1, C = 4, M = 5, H = 6, W = 7 };
        var (x, w, b) = Inputs(c, new Random(3));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        // Twice: the second call backpropagates with the transposed weights already packed.
        OpTester.CheckGradient(op, [x, w, b], wrt: [0], constant: [false, true, true]);
        OpTester.CheckGradient(op, [x, w, b], wrt: [0], seed: 2, constant: [false, true, true]);
    }

    [Fact]
    public void Backward_WinogradGeometry_MatchesFiniteDifferences()
    {
        // 3×3 stride 1, 16 channels each way, 49 tiles: forward and input gradient both go through Winograd.
        var c = new Case("winograd", 1, 16, 14, 13, 18, 3, 3, Pads: [1, 1, 0, 1]);
        Assert.True(CamSharp.Tensors.Kernels.WinogradConv.Applies(new CamSharp.Tensors.Kernels.ConvGeometry(
            1, 16, 14, 13, 18, 1, 3, 3, 1, 1, 1, 1, 1, 1, 13, 13)));
        var (x, w, b) = Inputs(c, new Random(5));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        OpTester.CheckGradient(op, [x, w, b], wrt: [0], constant: [false, true, true]);
    }

    [Fact]
    public void Backward_SmallMapGeometry_MatchesFiniteDifferences()
    {
        // One image, 64 output channels on a 4×3 map at stride 2: the forward (differenced here) runs the small-map kernel.
        var c = new Case("small map", 1, 8, 7, 6, 64, 3, 3, Strides: [2, 2], Pads: [1, 1, 1, 1]);
        Assert.True(CamSharp.Tensors.Kernels.Convolution.UsesSmallMap(new CamSharp.Tensors.Kernels.ConvGeometry(
            1, 8, 7, 6, 64, 1, 3, 3, 2, 2, 1, 1, 1, 1, 4, 3)));
        var (x, w, b) = Inputs(c, new Random(6));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        OpTester.CheckGradient(op, [x, w, b], wrt: [0], constant: [false, true, true]);
    }

    [Fact]
    public void Backward_ComputedWeights_MatchesFiniteDifferences()
    {
        var c = new Case("computed weights", 2, 3, 5, 6, 4, 3, 3, Pads: [1, 0, 1, 2]);
        var (x, w, b) = Inputs(c, new Random(8));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        OpTester.CheckGradient(op, [x, w, b], wrt: [0]);
        Assert.Equal(BackwardNeeds.Inputs, op.Needs);
    }

    [Fact]
    public void Forward_ResNet18Layer4Block_MatchesPyTorch()
    {
        // layer4.1 = relu(conv2(relu(conv1(x))) + x) with BN folded into the convs by the export;
        // x and the block's output are PyTorch's activations for the same image.
        var x = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.0.npy");
        var h = RunFixtureConv("/layer4/layer4.1/conv1/Conv", x);
        TensorPrimitives.Max(h.Floats, 0f, h.Floats);
        var y = RunFixtureConv("/layer4/layer4.1/conv2/Conv", h);
        TensorPrimitives.Add(y.Floats, x.Floats, y.Floats);
        TensorPrimitives.Max(y.Floats, 0f, y.Floats);
        var expected = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");
        Assert.Equal(expected.Shape, y.Shape);
        OpTester.AssertClose(y.Floats, expected.Floats, tol: 1e-5);
    }

    [Fact]
    public void Backward_ResNet18Layer4Block_MatchesPyTorchGradients()
    {
        // d(logit 704)/d(layer4.0) from d(logit 704)/d(layer4), back through the layer4.1 block:
        // two ReLU masks, both convs' input gradients and the identity branch.
        var x = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.0.npy");
        var y = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");
        var gy = Fixtures.Npy("outputs/grads/resnet18__d224__224x224__layer4__c704.npy");
        var h = RunFixtureConv("/layer4/layer4.1/conv1/Conv", x);
        TensorPrimitives.Max(h.Floats, 0f, h.Floats);
        var gSum = Masked(gy, y);
        var gh = Masked(FixtureConvInputGradient("/layer4/layer4.1/conv2/Conv", h, gSum), h);
        var gx = FixtureConvInputGradient("/layer4/layer4.1/conv1/Conv", x, gh);
        TensorPrimitives.Add(gx.Floats, gSum.Floats, gx.Floats);
        var expected = Fixtures.Npy("outputs/grads/resnet18__d224__224x224__layer4.0__c704.npy");
        Assert.Equal(expected.Shape, gx.Shape);
        // Gradients are ~1e-3: compare relative to their own scale, not to 1.
        float scale = TensorPrimitives.MaxMagnitude(expected.Floats);
        TensorPrimitives.Divide(gx.Floats, scale, gx.Floats);
        TensorPrimitives.Divide(expected.Floats, scale, expected.Floats);
        OpTester.AssertClose(gx.Floats, expected.Floats, tol: 1e-5);
    }

    private static Tensor RunFixtureConv(string name, Tensor x) => OpTester.Run(FixtureConv(name, out var inputs), [x, .. inputs[1..]], Constants)[0];

    private static Tensor FixtureConvInputGradient(string name, Tensor x, Tensor dy)
    {
        var op = FixtureConv(name, out var inputs);
        inputs[0] = x;
        var outputs = OpTester.Run(op, inputs, Constants);
        var infos = inputs.Select(t => (TensorInfo?)new TensorInfo(t!.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, outputs, [dy], [true, false, false]);
        op.Backward(ctx);
        return ctx.InputGrads[0]!;
    }

    private static readonly bool[] Constants = [false, true, true];

    private static Operator FixtureConv(string name, out Tensor?[] inputs)
    {
        var model = OnnxFixture.ResNet18;
        var node = model.Node(name);
        inputs = [null, model.Initializer(node.Input[1]), model.Initializer(node.Input[2])];
        return OpTester.Create("Conv", 3, attrs: OnnxFixture.AttributesOf(node));
    }

    /// <summary>g where the ReLU output is positive, else 0 (PyTorch's ReLU backward).</summary>
    private static Tensor Masked(Tensor g, Tensor reluOutput)
    {
        var r = g.Clone();
        var o = reluOutput.Floats;
        var d = r.Floats;
        for (int i = 0; i < d.Length; i++) if (!(o[i] > 0)) d[i] = 0;
        return r;
    }

    [Fact]
    public void Needs_ConstantWeights_KeepsNothing()
    {
        var c = new Case("k", 1, 2, 4, 4, 2, 3, 3);
        var (x, w, b) = Inputs(c, new Random(1));
        var op = OpTester.Create("Conv", 3, attrs: Attrs(c));
        OpTester.Run(op, [x, w, b], constant: [false, true, true]);
        Assert.Equal(BackwardNeeds.None, op.Needs);
    }

    [Fact]
    public void Forward_Conv1D_MatchesConv2DWithHeightOne()
    {
        var rng = new Random(5);
        var x = OpTester.RandomTensor(rng, 2, 3, 17);
        var w = OpTester.RandomTensor(rng, 4, 3, 3);
        var b = OpTester.RandomTensor(rng, 4);
        var attrs = new Attributes().Set("strides", new[] { 2 }).Set("dilations", new[] { 2 }).Set("pads", new[] { 3, 1 });
        var y = OpTester.Run("Conv", [x, w, b], attrs)[0];
        var c = new Case("1-D", 2, 3, 1, 17, 4, 1, 3, Strides: [1, 2], Dilations: [1, 2], Pads: [0, 3, 0, 1]);
        var expected = Direct(c, x.Clone([2, 3, 1, 17]), w.Clone([4, 3, 1, 3]), b, out int[] shape);
        Assert.Equal(new[] { 2, 4, shape[3] }, y.Shape);
        OpTester.AssertClose(y.Floats, expected);
        OpTester.CheckGradient(OpTester.Create("Conv", 3, attrs: attrs), [x, w, b], wrt: [0], constant: [false, true, true]);
    }

    [Theory]
    [InlineData("SAME_UPPER", 7, 2, 3, 4)]
    [InlineData("SAME_LOWER", 8, 3, 2, 3)]
    [InlineData("VALID", 7, 2, 3, 3)]
    [InlineData("NOTSET", 7, 2, 3, 3)]
    public void Infer_AutoPad_GivesSpecOutputSize(string autoPad, int size, int stride, int kernel, int expected)
    {
        var x = Tensor.Zeros(1, 1, size, size);
        var w = Tensor.Zeros(1, 1, kernel, kernel);
        var attrs = new Attributes().Set("auto_pad", autoPad).Set("strides", new[] { stride, stride });
        var y = OpTester.Run("Conv", [x, w], attrs)[0];
        Assert.Equal(new[] { 1, 1, expected, expected }, y.Shape);
    }

    [Fact]
    public void Infer_WeightRankMismatch_NamesNodeAndBothSides()
    {
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("Conv", [Tensor.Zeros(1, 3, 8, 8), Tensor.Zeros(4, 3, 3)]));
        Assert.Equal("Node '/test/Conv' (Conv): weight has 3 dims, expected 4", ex.Message);
    }

    [Fact]
    public void Infer_ChannelMismatch_Throws()
    {
        var attrs = new Attributes().Set("group", 2);
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("Conv", [Tensor.Zeros(1, 4, 8, 8), Tensor.Zeros(4, 4, 3, 3)], attrs));
        Assert.Contains("weight has 4 input channels per group, expected 4/2", ex.Message);
    }

    [Fact]
    public void Infer_KernelShapeDiffersFromWeight_Throws()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 5, 5 });
        var ex = Assert.Throws<ModelException>(() => OpTester.Run("Conv", [Tensor.Zeros(1, 3, 8, 8), Tensor.Zeros(4, 3, 3, 3)], attrs));
        Assert.Contains("kernel_shape [5, 5]", ex.Message);
    }

    [Fact]
    public void Backward_WeightGradientRequested_Throws()
    {
        var rng = new Random(1);
        var inputs = new Tensor?[] { OpTester.RandomTensor(rng, 1, 2, 4, 4), OpTester.RandomTensor(rng, 2, 2, 3, 3) };
        var op = OpTester.Create("Conv", 2);
        Assert.Throws<ModelException>(() => OpTester.CheckGradient(op, inputs, wrt: [1]));
    }

    private static Attributes Attrs(Case c)
    {
        var a = new Attributes().Set("group", c.Group);
        if (c.Strides is { } s) a.Set("strides", s);
        if (c.Dilations is { } d) a.Set("dilations", d);
        if (c.AutoPad is { } p) a.Set("auto_pad", p);
        else if (c.Pads is { } pads) a.Set("pads", pads);
        return a;
    }

    private static (Tensor X, Tensor W, Tensor? B) Inputs(Case c, Random rng) =>
        (OpTester.RandomTensor(rng, c.Batch, c.C, c.H, c.W),
         OpTester.RandomTensor(rng, c.M, c.C / c.Group, c.KH, c.KW),
         c.Bias ? OpTester.RandomTensor(rng, c.M) : null);

    /// <summary>The textbook definition, in double, with auto_pad resolved independently.</summary>
    private static float[] Direct(Case c, Tensor x, Tensor w, Tensor? b, out int[] shape)
    {
        int[] s = c.Strides ?? [1, 1], d = c.Dilations ?? [1, 1];
        int[] pads = c.Pads ?? [0, 0, 0, 0];
        int[] size = [c.H, c.W], kernel = [c.KH, c.KW], outSize = new int[2], begin = new int[2];
        for (int a = 0; a < 2; a++)
        {
            int span = (kernel[a] - 1) * d[a] + 1;
            if (c.AutoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                outSize[a] = (int)Math.Ceiling(size[a] / (double)s[a]);
                int total = Math.Max(0, (outSize[a] - 1) * s[a] + span - size[a]);
                begin[a] = c.AutoPad == "SAME_UPPER" ? total / 2 : (total + 1) / 2;
            }
            else if (c.AutoPad == "VALID")
            {
                outSize[a] = (int)Math.Ceiling((size[a] - span + 1) / (double)s[a]);
            }
            else
            {
                begin[a] = pads[a];
                outSize[a] = (size[a] + pads[a] + pads[a + 2] - span) / s[a] + 1;
            }
        }
        shape = [c.Batch, c.M, outSize[0], outSize[1]];
        var y = new float[c.Batch * c.M * outSize[0] * outSize[1]];
        int cg = c.C / c.Group, mg = c.M / c.Group;
        var xs = x.Floats.ToArray();
        var ws = w.Floats.ToArray();
        int at = 0;
        for (int n = 0; n < c.Batch; n++)
        for (int m = 0; m < c.M; m++)
        for (int oh = 0; oh < outSize[0]; oh++)
        for (int ow = 0; ow < outSize[1]; ow++)
        {
            double sum = b is null ? 0 : b.Floats[m];
            int grp = m / mg;
            for (int ci = 0; ci < cg; ci++)
            for (int i = 0; i < c.KH; i++)
            for (int j = 0; j < c.KW; j++)
            {
                int ih = oh * s[0] - begin[0] + i * d[0], iw = ow * s[1] - begin[1] + j * d[1];
                if (ih < 0 || ih >= c.H || iw < 0 || iw >= c.W) continue;
                sum += (double)xs[((n * c.C + grp * cg + ci) * c.H + ih) * c.W + iw] * ws[((m * cg + ci) * c.KH + i) * c.KW + j];
            }
            y[at++] = (float)sum;
        }
        return y;
    }
}
