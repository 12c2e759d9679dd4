using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Adapters;

public class ConcatDefaultAxisTests
{
    [Fact]
    public void Adapt_NoAxisBeforeOpset4_ConcatenatesAlongAxis1()
    {
        var b = new ModelBuilder(opset: 3).Input("a", 1, 1, 2).Input("b", 1, 1, 1).Output("y", 1, 1, 3);
        b.Node("Concat", "concat", ["a", "b"], ["y"]);
        var y = Run(b, ("a", Tensor.FromFloats([1, 2], 1, 2)), ("b", Tensor.FromFloats([3], 1, 1)));
        Assert.Equal([1, 3], y.Shape);
        Assert.Equal([1f, 2, 3], y.Floats.ToArray());
    }
}
