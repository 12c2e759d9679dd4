using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ElementwiseTesting;

namespace CamSharp.Tests.Ops;

public class FloatPredicateTests
{
    [Fact]
    public void Predicates_AreNotDifferentiable()
    {
        Assert.False(OpTester.Create("IsNaN", 1).IsDifferentiable);
        Assert.False(OpTester.Create("IsInf", 1).IsDifferentiable);
    }

    [Fact]
    public void Predicate_Int64Input_ThrowsNamingNode()
    {
        var e = Assert.Throws<ModelException>(() => Run1("IsNaN", [Tensor.FromLongs([1], 1)]));
        Assert.Contains("/test/IsNaN", e.Message);
    }
}
