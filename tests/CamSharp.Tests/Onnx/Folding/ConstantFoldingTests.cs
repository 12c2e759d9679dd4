using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Onnx.Adapters.AdapterTesting;

namespace CamSharp.Tests.Onnx.Folding;

public class ConstantFoldingTests
{
    /// <summary>
    /// An exporter's index arithmetic: Shape → Gather → Mod on constants only, then used as a
    /// Reshape target. Mod never sees image data, so the model loads and runs whether or not
    /// the engine runs Mod itself.
    /// </summary>
    [Fact]
    public void Load_ModOnConstantsOnly_IsFoldedAndTheModelRuns()
    {
        var b = new ModelBuilder().Input("x", 1, 2, 6).Output("y", 1, 4, 3);
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "big", DataType = 7, Dims = { 2 }, Int64Data = { 9, 3 } });
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "five", DataType = 7, Dims = { 1 }, Int64Data = { 5 } });
        b.Node("Mod", "mod", ["big", "five"], ["target"]); // [4, 3]
        b.Node("Reshape", "reshape", ["x", "target"], ["y"]);
        var model = Load(b);
        Assert.Empty(model.Onnx.FindUnsupportedOperators());
        var y = model.Run(new Dictionary<string, Tensor> { ["x"] = Sequence(2, 6) })[0];
        Assert.Equal([4, 3], y.Shape);
    }

    /// <summary>The constant inputs of a folded node may come from supported nodes (Shape), evaluated on demand.</summary>
    [Fact]
    public void Load_ScatterNDOnAShapeChain_IsFolded()
    {
        var b = new ModelBuilder().Input("x", 1, 2, 6).Output("y", 1, 3, 4);
        b.Initializer(ModelBuilder.Floats("c", [0, 0, 0, 0], 2, 2));
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "idx", DataType = 7, Dims = { 2, 1 }, Int64Data = { 0, 1 } });
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "upd", DataType = 7, Dims = { 2 }, Int64Data = { 3, 4 } });
        b.Node("Shape", "shape", ["c"], ["s"]);            // [2, 2], from a constant: known at load
        b.Node("ScatterND", "scatter", ["s", "idx", "upd"], ["target"]); // [3, 4]
        b.Node("Reshape", "reshape", ["x", "target"], ["y"]);
        var model = Load(b);
        Assert.DoesNotContain(model.Onnx.Nodes, n => n.OpType == "ScatterND" && !CamSharp.Ops.OperatorRegistry.IsSupported("ScatterND"));
        Assert.Equal([3, 4], model.Run(new Dictionary<string, Tensor> { ["x"] = Sequence(2, 6) })[0].Shape);
    }

    [Fact]
    public void Load_UnsupportedOperatorOnImageData_IsStillRefused()
    {
        var b = new ModelBuilder().Input("x", 7, 2).Output("y", 7, 2);
        b.Initializer(new CamSharp.Onnx.Proto.TensorProto { Name = "three", DataType = 7, Dims = { 1 }, Int64Data = { 3 } });
        b.Node("ModNotAnOp", "mod", ["x", "three"], ["y"]);
        Assert.Contains("ModNotAnOp", Assert.ThrowsAny<CamSharp.Engine.ModelException>(() => Load(b)).Message);
    }
}
