using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class FocusSpaceToDepthTests
{
    private static Operator Create(long[]? phases = null, string domain = RequantizedConv.Domain)
    {
        var attrs = phases is null ? new Attributes() : Attrs(("phases", phases));
        return OperatorRegistry.Create(new Node($"/test/{FocusSpaceToDepth.OpType}", FocusSpaceToDepth.OpType, ["x0"], ["y0"], attrs, domain), 17);
    }

    /// <summary>YOLOX's Focus as the graph writes it: four strided Slices (rows, columns from offset 0 or 1 in steps of 2) and a channel Concat.</summary>
    private static Tensor SlicesAndConcat(Tensor x, long[] phases)
    {
        var parts = phases.Select(p => Run("Slice", [x, Longs(p / 2, p % 2), Longs(long.MaxValue, long.MaxValue), Longs(2, 3), Longs(2, 2)])).ToArray();
        return OpTester.Run("Concat", parts, Attrs(("axis", 1L)))[0];
    }

    [Theory]
    [InlineData(1, 3, 2, 2)]
    [InlineData(1, 3, 26, 34)]    // half sizes 13 and 17: odd, past a vector width
    [InlineData(3, 2, 6, 418)]    // half width 209: 13 AVX-512 vectors and a tail
    [InlineData(2, 3, 10, 64)]    // half width 32: whole vectors only
    [InlineData(8, 3, 4, 416)]    // batch 8 at YOLOX's width
    public void Forward_FocusOrder_EqualsSlicesAndConcat(int batch, int channels, int height, int width)
    {
        var x = OpTester.RandomTensor(new Random(height * width), batch, channels, height, width);
        var y = OpTester.Run(Create(), [x])[0];
        Assert.Equal([batch, 4 * channels, height / 2, width / 2], y.Shape);
        Assert.Equal(SlicesAndConcat(x, FocusSpaceToDepth.FocusPhases).ToFloatArray(), y.ToFloatArray());
    }

    [Fact]
    public void Forward_OtherOrder_PutsEachPhaseInItsBlock()
    {
        // Pixel (r, c) of a 2×4 image holds 10·r + c; phases 3, 1, 0, 2 = (1,1), (0,1), (0,0), (1,0).
        var x = Floats([0, 1, 2, 3, 10, 11, 12, 13], 1, 1, 2, 4);
        var y = OpTester.Run(Create([3, 1, 0, 2]), [x])[0];
        Equal(y, [11, 13, 1, 3, 0, 2, 10, 12], 1, 4, 1, 2);
    }

    [Fact]
    public void Forward_SpaceToDepthOrder_EqualsSpaceToDepth()
    {
        var x = OpTester.RandomTensor(new Random(3), 2, 3, 8, 36);
        var expected = Run("SpaceToDepth", [x], Attrs(("blocksize", 2L)));
        Assert.Equal(expected.ToFloatArray(), OpTester.Run(Create([0, 1, 2, 3]), [x])[0].ToFloatArray());
    }

    [Fact]
    public void Infer_OddHeight_Throws()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run(Create(), [Seq(1, 3, 5, 4)]));
        Assert.Contains("even H and W", e.Message);
        Assert.Contains(FocusSpaceToDepth.OpType, e.Message);
    }

    [Fact]
    public void Create_RepeatedPhase_Throws() =>
        Assert.Contains("'phases' [0, 2, 2, 3]", Assert.Throws<ModelException>(() => Create([0, 2, 2, 3])).Message);

    [Fact]
    public void Create_OutsideCamSharpDomain_Throws() =>
        Assert.Contains("internal to CamSharp", Assert.Throws<ModelException>(() => Create(domain: "")).Message);

    [Theory]
    [InlineData(1, 2, 4, 6)]
    [InlineData(2, 1, 2, 40)]     // a whole vector and a tail in each row
    public void Backward_Gradient_MatchesFiniteDifferences(int batch, int channels, int height, int width) =>
        OpTester.CheckGradient(Create(), [OpTester.RandomTensor(new Random(7), batch, channels, height, width)], [0]);

    [Fact]
    public void Backward_OtherOrderGradient_MatchesFiniteDifferences() =>
        OpTester.CheckGradient(Create([3, 1, 0, 2]), [OpTester.RandomTensor(new Random(8), 2, 2, 4, 34)], [0]);

    [Fact]
    public void Backward_NoOutputGradient_GivesZeros()
    {
        var op = Create();
        var x = OpTester.RandomTensor(new Random(2), 1, 1, 2, 2);
        var ctx = new BackwardContext([x], [new TensorInfo(DataType.Float32, x.Shape)], [Tensor.Zeros(DataType.Float32, [1, 4, 1, 1])], [null], [true]);
        op.Backward(ctx);
        Assert.Equal(new float[4], ctx.InputGrads[0]!.ToFloatArray());
    }
}
