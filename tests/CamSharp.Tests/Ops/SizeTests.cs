using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class SizeTests
{
    [Fact]
    public void Size_Input_IsConstantElementCount()
    {
        var ctx = Infer("Size", [Seq(2, 3, 4)], constant: [false]);
        var size = ctx.ConstantOutputs[0]!;
        Assert.Empty(size.Shape);
        Assert.Equal(24, size.Longs[0]);
    }

    [Fact]
    public void Size_Forward_WritesCount()
    {
        var y = Tensor.Uninitialized(DataType.Int64, []);
        OpTester.Create("Size", 1).Forward(new CamSharp.Engine.ForwardContext([Tensor.FromBools(new bool[6], 2, 3)], [y]));
        Assert.Equal(6, y.Longs[0]);
    }
}
