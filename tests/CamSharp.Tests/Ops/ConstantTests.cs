using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ConstantTests
{
    [Fact]
    public void Constant_ValueTensor_IsTheOutput()
    {
        var value = Tensor.FromFloats([1, 2, 3, 4], 2, 2);
        var ctx = Infer("Constant", [], Attrs(("value", value)));
        Equal(ctx.ConstantOutputs[0]!, [1, 2, 3, 4], 2, 2);
    }

    [Fact]
    public void Constant_ValueFloat_IsFloatScalar()
    {
        var y = Infer("Constant", [], Attrs(("value_float", 2.5f))).ConstantOutputs[0]!;
        Equal(y, [2.5f]);
    }

    [Fact]
    public void Constant_ValueInts_IsInt64Vector() =>
        EqualLongs(Infer("Constant", [], Attrs(("value_ints", new long[] { 1, -1 }))).ConstantOutputs[0]!, [1, -1], 2);

    [Fact]
    public void Constant_ValueInt_IsInt64Scalar() =>
        EqualLongs(Infer("Constant", [], Attrs(("value_int", 7))).ConstantOutputs[0]!, [7]);

    [Fact]
    public void Constant_ValueFloats_IsFloatVector() =>
        Equal(Infer("Constant", [], Attrs(("value_floats", new float[] { 0.5f, 1 }))).ConstantOutputs[0]!, [0.5f, 1], 2);

    [Fact]
    public void Constant_NoValue_Throws() => Fails("Constant", () => OpTester.Create("Constant", 0), "exactly one", "none");

    [Fact]
    public void Constant_TwoValues_Throws() =>
        Fails("Constant", () => OpTester.Create("Constant", 0, attrs: Attrs(("value_int", 1), ("value_float", 1f))), "value_float, value_int");

    [Fact]
    public void Constant_StringValue_IsUnsupported() =>
        Fails("Constant", () => OpTester.Create("Constant", 0, attrs: Attrs(("value_string", "x"))), "not supported");
}
