using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Adapters;

public class ReshapeShapeAttributeTests
{
    [Fact]
    public void Adapt_ShapeAttribute_BecomesAConstantInput()
    {
        var b = new ModelBuilder(opset: 4).Input("x", 1, 2, 3).Output("y", 1, 3, 2);
        b.Node("Reshape", "reshape", ["x"], ["y"]).Ints("shape", 3, -1);
        var model = Load(b);
        var reshape = Assert.Single(model.Onnx.Nodes);
        Assert.Equal([3L, -1], model.Onnx.Initializers[reshape.Inputs[1]].Longs.ToArray());
        var y = model.Run(new Dictionary<string, CamSharp.Tensors.Tensor> { ["x"] = Sequence(2, 3) })[0];
        Assert.Equal([3, 2], y.Shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5], y.Floats.ToArray());
    }
}
