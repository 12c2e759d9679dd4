using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

public class SoftmaxTests
{
    private static Attributes Axis(int axis) => new Attributes().Set("axis", axis);

    /// <summary>Softmax (or log-softmax) of each group of elements selected by <paramref name="group"/>, in double.</summary>
    private static float[] Reference(float[] x, Func<int, int> group, bool log)
    {
        var max = new Dictionary<int, double>();
        var sum = new Dictionary<int, double>();
        for (int i = 0; i < x.Length; i++) max[group(i)] = Math.Max(max.GetValueOrDefault(group(i), double.NegativeInfinity), x[i]);
        for (int i = 0; i < x.Length; i++) sum[group(i)] = sum.GetValueOrDefault(group(i)) + Math.Exp(x[i] - max[group(i)]);
        return x.Select((v, i) => (float)(log ? v - max[group(i)] - Math.Log(sum[group(i)]) : Math.Exp(v - max[group(i)]) / sum[group(i)])).ToArray();
    }

    [Fact]
    public void Forward_LastAxis_MatchesHandComputed()
    {
        var x = Tensor.FromFloats([0, 0, MathF.Log(2), 1000, 1000, 1000], 2, 3);
        var y = OpTester.Run("Softmax", [x])[0];
        OpTester.AssertClose(y.Floats, [0.25f, 0.25f, 0.5f, 1 / 3f, 1 / 3f, 1 / 3f]);
    }

    [Theory]
    [InlineData("Softmax", 13, 1)]
    [InlineData("Softmax", 13, -1)]
    [InlineData("Softmax", 17, 0)]
    [InlineData("LogSoftmax", 13, 1)]
    [InlineData("LogSoftmax", 13, 2)]
    public void Forward_Opset13AlongAxis_MatchesReference(string op, int opset, int axis)
    {
        int[] shape = [2, 3, 5];
        var x = OpTester.RandomTensor(new Random(axis + 4), shape);
        int a = axis < 0 ? axis + 3 : axis;
        var strides = ShapeUtil.Strides(shape);
        // Group = the flat index with the axis coordinate zeroed.
        int Group(int i) => i - (i / strides[a] % shape[a]) * strides[a];
        var y = OpTester.Run(op, [x], Axis(axis), opset: opset)[0];
        OpTester.AssertClose(y.Floats, Reference(x.ToFloatArray(), Group, op == "LogSoftmax"));
    }

    [Theory]
    [InlineData("Softmax", null, 1)]
    [InlineData("Softmax", 2, 2)]
    [InlineData("LogSoftmax", null, 1)]
    [InlineData("LogSoftmax", 0, 0)]
    public void Forward_BeforeOpset13_NormalisesFlattenedTrailingDims(string op, int? axis, int coerceAt)
    {
        int[] shape = [2, 3, 4];
        var x = OpTester.RandomTensor(new Random(11), shape);
        int rowLength = ShapeUtil.Size(shape.AsSpan(coerceAt));
        var y = OpTester.Run(op, [x], axis is { } a ? Axis(a) : null, opset: 11)[0];
        OpTester.AssertClose(y.Floats, Reference(x.ToFloatArray(), i => i / rowLength, op == "LogSoftmax"));
    }

    [Fact]
    public void Infer_AxisOutOfRange_ThrowsNamingAxisAndShape()
    {
        var e = Assert.Throws<ModelException>(() => OpTester.Run("Softmax", [Tensor.Zeros(2, 3)], Axis(2)));
        Assert.Contains("axis 2", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }

    [Theory]
    [InlineData("Softmax", 13, -1)]
    [InlineData("Softmax", 13, 1)]
    [InlineData("Softmax", 11, 1)]
    [InlineData("LogSoftmax", 13, -1)]
    [InlineData("LogSoftmax", 13, 0)]
    [InlineData("LogSoftmax", 11, 2)]
    public void Backward_RandomInput_MatchesFiniteDifferences(string op, int opset, int axis)
    {
        var x = OpTester.RandomTensor(new Random(opset + axis), 2, 3, 5);
        OpTester.CheckGradient(OpTester.Create(op, 1, 1, Axis(axis), opset), [x], [0], eps: 1e-3);
    }
}
