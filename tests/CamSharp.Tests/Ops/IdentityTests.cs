using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class IdentityTests
{
    [Fact]
    public void Identity_AllTypes_CopiesValues()
    {
        var f = Tensor.FromFloats([1, 2], 2);
        var y = Run1("Identity", [f]);
        Assert.NotSame(f, y);
        Assert.Equal([1f, 2], y.Floats.ToArray());
        Assert.Equal([4L], Run1("Identity", [Tensor.FromLongs([4], 1)]).Longs.ToArray());
        Assert.Equal([true], Run1("Identity", [Tensor.FromBools([true], 1)]).Bools.ToArray());
    }

    [Fact]
    public void Identity_Backward_PassesGradient() =>
        CheckGradient(OpTester.Create("Identity", 1), [OpTester.RandomTensor(new Random(1), 2, 3)], [0]);

    [Fact]
    public void Dropout_Opset13_OutputIsInputMaskConstantTrue()
    {
        var x = Tensor.FromFloats([1, -2, 3], 3);
        var outputs = OpTester.Run("Dropout", [x, Tensor.Scalar(0.5f), Tensor.FromBools([false], 1)], outputCount: 2, opset: 13,
            constant: [false, true, true]);
        Assert.Equal([1f, -2, 3], outputs[0].Floats.ToArray());
        Assert.Equal([true, true, true], outputs[1].Bools.ToArray());
    }

    [Fact]
    public void Dropout_Opset7_MaskHasInputType()
    {
        var outputs = OpTester.Run("Dropout", [Tensor.FromFloats([5, 6], 2)], new Attributes().Set("ratio", 0.3f), outputCount: 2, opset: 7);
        Assert.Equal([5f, 6], outputs[0].Floats.ToArray());
        Assert.Equal([1f, 1], outputs[1].Floats.ToArray());
    }

    [Fact]
    public void Dropout_TrainingModeTrue_Throws()
    {
        var e = Assert.Throws<ModelException>(() =>
            OpTester.Run("Dropout", [Tensor.Zeros(2), Tensor.Scalar(0.5f), Tensor.FromBools([true], 1)], opset: 13, constant: [false, true, true]));
        Assert.Contains("training_mode", e.Message);
    }

    [Fact]
    public void Dropout_TrainingModeWithRatioZero_IsIdentityWithFullMask()
    {
        var outputs = OpTester.Run("Dropout", [Tensor.FromFloats([1, -2], 2), Tensor.Scalar(0f), Tensor.FromBools([true], 1)],
            outputCount: 2, opset: 13, constant: [false, true, true]);
        Assert.Equal([1f, -2], outputs[0].Floats.ToArray());
        Assert.Equal([true, true], outputs[1].Bools.ToArray());
    }

    [Fact]
    public void Dropout_TrainingModeWithDefaultRatio_Throws() =>
        Assert.Contains("ratio", Assert.Throws<ModelException>(() =>
            OpTester.Run("Dropout", [Tensor.Zeros(2), null, Tensor.FromBools([true], 1)], opset: 13, constant: [false, false, true])).Message);

    [Fact]
    public void Dropout_TrainingModeFed_RefusedWhenPlanned() =>
        // Even a false value fed today could be true tomorrow: the refusal comes at load, not at run time.
        Assert.Contains("training_mode is not a constant", Assert.Throws<ModelException>(() =>
            ShapeOpTest.Infer("Dropout", [Tensor.Zeros(2), Tensor.Scalar(0.5f), Tensor.FromBools([false], 1)], opset: 13, constant: [false, false, false])).Message);

    [Fact]
    public void Dropout_TrainingModeTrueRatioFed_Throws() =>
        Assert.Contains("ratio is not a constant", Assert.Throws<ModelException>(() =>
            OpTester.Run("Dropout", [Tensor.Zeros(2), Tensor.Scalar(0f), Tensor.FromBools([true], 1)], opset: 13, constant: [false, false, true])).Message);

    [Fact]
    public void Dropout_TrainingModeFedTrue_Throws() =>
        Assert.Contains("training_mode", Assert.Throws<ModelException>(() =>
            OpTester.Run("Dropout", [Tensor.Zeros(2), null, Tensor.FromBools([true], 1)], opset: 13, constant: [false, false, false])).Message);

    [Fact]
    public void Dropout_Backward_PassesGradient() =>
        CheckGradient(OpTester.Create("Dropout", 1, opset: 13), [OpTester.RandomTensor(new Random(2), 4, 5)], [0]);
}
