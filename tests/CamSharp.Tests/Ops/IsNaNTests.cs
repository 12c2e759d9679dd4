using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class IsNaNTests
{
    [Fact]
    public void Forward_Specials_FlagsOnlyNaN()
    {
        var y = Run1("IsNaN", [Tensor.FromFloats([1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f], 5)]);
        Assert.Equal(DataType.Bool, y.Type);
        Assert.Equal([false, true, false, false, false], y.Bools.ToArray());
    }
}
