using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using Xunit;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Onnx;

/// <summary>Load-time checks: every problem found is reported in one exception, naming the node or value.</summary>
public sealed class ModelValidationTests
{
    private static ModelValidationException LoadFailsWithSeveral(ModelBuilder b) =>
        Assert.Throws<ModelValidationException>(() => Model.Load(b.Bytes(), "test.onnx"));

    [Fact]
    public void Load_ProblemsOfDifferentKinds_AreReportedTogether()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 4).Input("z", 1, 2, 4).Output("y", 1, 1, 4);
        b.Graph.Input[1].Type.TensorType.Shape.Dim[0].DimValue = -2;
        var relu = b.Node("Relu", "/a/Relu", ["x", "ghost"], ["t"]);
        var body = new AttributeProto { Name = "body", Type = AttrType.Graphs };
        body.Graphs.Add(new GraphProto());
        relu.Attribute.Add(body);
        b.Node("Gelu", "/b/Gelu", ["t"], ["y"]);
        var e = LoadFailsWithSeveral(b);
        Assert.Equal(4, e.Problems.Count);
        Assert.Contains(e.Problems, p => p.Contains("graph input 'z' declares a negative dimension in [-2, 4]"));
        Assert.Contains(e.Problems, p => p.Contains("attribute 'body' of node '/a/Relu' (Relu) holds a list of subgraphs"));
        Assert.Contains(e.Problems, p => p.Contains("Node '/b/Gelu' (Gelu) uses Gelu, which entered ONNX in opset 20, but the model imports opset 17"));
        Assert.Contains(e.Problems, p => p.Contains("reads value 'ghost'"));
        Assert.StartsWith("test.onnx has 4 problems:", e.Message);
    }

    /// <summary>Structural problems do not hide unsupported operators: the whole picture comes at once.</summary>
    [Fact]
    public void Load_StructuralProblemAndUnsupportedOperators_AreReportedTogether()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Node("Relu", "/a/Relu", ["x", "ghost"], ["t"]);
        b.Node("Frobnicate", "/b/F", ["t"], ["u"]);
        b.Node("LSTM", "/c/LSTM", ["u"], ["y"]);
        var e = LoadFailsWithSeveral(b);
        Assert.Contains(e.Problems, p => p.Contains("reads value 'ghost'"));
        Assert.Contains(e.Problems, p => p.Contains("2 unsupported operators: Frobnicate") && p.Contains("LSTM") && p.Contains("recurrent networks"));
    }

    [Fact]
    public void Load_NegativeDimensions_AreProblemsNotUnknowns()
    {
        var b = ModelBuilder.Minimal();
        b.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = -3;
        b.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = -1;
        var e = LoadFailsWithSeveral(b);
        Assert.Contains(e.Problems, p => p == "graph input 'x' declares a negative dimension in [1, -3]");
        Assert.Contains(e.Problems, p => p == "graph output 'y' declares a negative dimension in [1, -1]");
    }

    [Fact]
    public void Load_DeclaredShapesThatInferenceContradicts_NameTheNodeAndBothShapes()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 2, 3).Output("y", 1, 1, 3, 2).Output("n", 7, 1, 2, 3);
        b.Node("Relu", "/a/Relu", ["x"], ["t"]);
        b.Node("Neg", "/b/Neg", ["t"], ["y"]);
        b.Node("Sigmoid", "/c/Sigmoid", ["x"], ["n"]);
        b.Graph.ValueInfo.Add(ModelBuilder.Value("t", 1, [1, 2]));
        var e = LoadFailsWithSeveral(b);
        Assert.Contains(e.Problems, p => p == "graph output 'y', made by Node '/b/Neg' (Neg), is declared [1, 3, 2] but computes as [1, 2, 3]");
        Assert.Contains(e.Problems, p => p == "graph output 'n', made by Node '/c/Sigmoid' (Sigmoid), is declared INT64 but computes as Float32");
        Assert.Contains(e.Problems, p => p == "value_info 't', made by Node '/a/Relu' (Relu), is declared [1, 2] but computes as [1, 2, 3]");
    }

    [Fact]
    public void Load_SeveralNodesWhoseShapesDoNotWorkOut_AreAllListed()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 2, 3).Output("y", 1, 1, 2, 3).Output("z", 1, 1, 2, 3);
        b.Initializer(ModelBuilder.Floats("w4", [1, 2, 3, 4], 4));
        b.Initializer(ModelBuilder.Floats("w5", [1, 2, 3, 4, 5], 5));
        b.Node("Add", "/a/Add", ["x", "w4"], ["y"]);
        b.Node("Mul", "/b/Mul", ["x", "w5"], ["z"]);
        var e = LoadFailsWithSeveral(b);
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("'/a/Add'", e.Problems[0]);
        Assert.Contains("[1, 2, 3]", e.Problems[0]);
        Assert.Contains("[4]", e.Problems[0]);
        Assert.Contains("'/b/Mul'", e.Problems[1]);
    }

    [Fact]
    public void Load_AttributesOfTheWrongKind_AreAllListed()
    {
        var b = new ModelBuilder().Input("x", 1, 1, 1, 4, 4).Output("y", 1, 1, 1, 2, 2).Output("z", 1, 1, 1, 2, 2);
        var p1 = b.Node("MaxPool", "/a/MaxPool", ["x"], ["y"]);
        p1.Attribute.Add(new AttributeProto { Name = "kernel_shape", Type = AttrType.Float, F = 2 });
        var p2 = b.Node("MaxPool", "/b/MaxPool", ["x"], ["z"]);
        p2.Attribute.Add(new AttributeProto { Name = "kernel_shape", Type = AttrType.String, S = Google.Protobuf.ByteString.CopyFromUtf8("2") });
        var e = LoadFailsWithSeveral(b);
        Assert.Contains(e.Problems, p => p.Contains("'/a/MaxPool'") && p.Contains("'kernel_shape'"));
        Assert.Contains(e.Problems, p => p.Contains("'/b/MaxPool'") && p.Contains("'kernel_shape'"));
    }

    [Fact]
    public void Load_OneProblem_IsAPlainModelExceptionNamingIt()
    {
        var b = ModelBuilder.Minimal();
        b.Graph.Output[0].Type.TensorType.Shape.Dim[1].DimValue = 5;
        var e = Assert.Throws<ModelException>(() => Model.Load(b.Bytes(), "test.onnx"));
        Assert.Equal("test.onnx: graph output 'y', made by Node '/relu/Relu' (Relu), is declared [1, 5] but computes as [1, 4].", e.Message);
    }

    [Fact]
    public void Load_SoundModelWithValueInfo_LoadsAndKeepsThePlan()
    {
        var b = ModelBuilder.Minimal();
        b.Graph.ValueInfo.Add(ModelBuilder.Value("y", 1, [1, -1]));
        var model = Model.Load(b.Bytes(), "test.onnx");
        Assert.Equal([1, 4], model.Session.GetPlan(1, 4).ShapeOf("y"));
    }
}
