using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class TopKTests
{
    private static Tensor[] Run2(Tensor x, long k, Attributes? attrs = null) =>
        OpTester.Run("TopK", [x, Tensor.Vector(k)], attrs, outputCount: 2);

    [Fact]
    public void TopK_SpecExample_LargestAlongLastAxis()
    {
        var x = Floats([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 3, 4);
        var (values, indices) = (Run2(x, 3)[0], Run2(x, 3)[1]);
        Equal(values, [3, 2, 1, 7, 6, 5, 11, 10, 9], 3, 3);
        EqualLongs(indices, [3, 2, 1, 3, 2, 1, 3, 2, 1], 3, 3);
    }

    [Fact]
    public void TopK_Ties_LowerIndexFirst()
    {
        var outs = Run2(Floats([1, 3, 3, 2, 3], 5), 3);
        Equal(outs[0], [3, 3, 3], 3);
        EqualLongs(outs[1], [1, 2, 4], 3);
    }

    [Fact]
    public void TopK_SmallestAlongAxis0()
    {
        var outs = Run2(Floats([5, 1, 2, 7, 0, 9], 3, 2), 2, Attrs(("axis", 0), ("largest", 0)));
        Equal(outs[0], [0, 1, 2, 7], 2, 2);
        EqualLongs(outs[1], [2, 0, 1, 1], 2, 2);
    }

    [Fact]
    public void TopK_Int64Input_KeepsType()
    {
        var outs = Run2(Tensor.FromLongs([4, -2, 9], 3), 2);
        EqualLongs(outs[0], [9, 4], 2);
        EqualLongs(outs[1], [2, 0], 2);
    }

    [Fact]
    public void TopK_Opset1_ReadsKAttribute()
    {
        var outs = OpTester.Run("TopK", [Floats([1, 5, 3], 3)], Attrs(("k", 1)), outputCount: 2, opset: 9);
        Equal(outs[0], [5], 1);
    }

    [Fact]
    public void TopK_KTooLarge_Throws() =>
        Fails("TopK", () => Run2(Floats([1, 2], 2), 3), "k = 3");

    [Fact]
    public void TopK_KFromData_IsDataDependent()
    {
        var e = Assert.Throws<DataDependentException>(() => Infer("TopK", [Floats([1, 2], 2), Tensor.Vector(1)], constant: [false, false], outputs: 2));
        Assert.Contains("K", e.Message);
    }

    [Fact]
    public void TopK_Gradient_ScattersToChosenPositions()
    {
        var op = OpTester.Create("TopK", 2, 2, Attrs(("axis", 1)));
        ElementwiseTesting.CheckGradient(op, [OpTester.RandomTensor(new Random(9), 2, 5, 3), Tensor.Vector(2)], [0]);
    }
}
