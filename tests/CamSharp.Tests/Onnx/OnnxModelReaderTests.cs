using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Google.Protobuf;
using Xunit;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Onnx;

public class OnnxModelReaderTests
{
    [Theory]
    [InlineData(2, 17, "IR version 2")]
    [InlineData(11, 17, "IR version 11")]
    [InlineData(8, 0, "opset 0")]
    [InlineData(8, 22, "opset 22")]
    public void Load_VersionsOutsideTheSupportedRange_AreRefused(long ir, long opset, string expected)
    {
        var e = Assert.Throws<ModelException>(() => ModelBuilder.Minimal(ir, opset).Load());
        Assert.Contains(expected, e.Message);
        Assert.Contains("test.onnx", e.Message);
    }

    [Theory]
    [InlineData(3, 7)]
    [InlineData(3, 1)]
    [InlineData(10, 21)]
    public void Load_VersionsAtTheEdgesOfTheRange_AreAccepted(long ir, long opset)
    {
        var model = ModelBuilder.Minimal(ir, opset).Load();
        Assert.Equal(ir, model.IrVersion);
        Assert.Equal((int)opset, model.FileOpset);
        Assert.Equal((int)Math.Max(opset, 7), model.Opset);
    }

    [Fact]
    public void Load_AiOnnxDomain_IsTheDefaultDomain()
    {
        var b = ModelBuilder.Minimal();
        b.Model.OpsetImport[0].Domain = "ai.onnx";
        b.Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });
        b.Graph.Node[0].Domain = "ai.onnx";
        var model = b.Load();
        Assert.Equal(17, model.Opset);
        Assert.Equal(1, model.Opsets["com.microsoft"]);
        Assert.Equal("", model.Nodes[0].Domain);
    }

    [Fact]
    public void Load_NoDefaultOpset_IsRefused()
    {
        var b = ModelBuilder.Minimal();
        b.Model.OpsetImport.Clear();
        Assert.Contains("no opset for the default", Assert.Throws<ModelException>(() => b.Load()).Message);
    }

    [Fact]
    public void Load_Attributes_BecomeEngineTypes()
    {
        var b = ModelBuilder.Minimal();
        var n = b.Graph.Node[0];
        n.Attribute.Add(new AttributeProto { Name = "i", Type = AttrType.Int, I = -3 });
        n.Attribute.Add(new AttributeProto { Name = "f", Type = AttrType.Float, F = 0.5f });
        n.Attribute.Add(new AttributeProto { Name = "s", Type = AttrType.String, S = ByteString.CopyFromUtf8("nearest ü") });
        var ints = new AttributeProto { Name = "ints", Type = AttrType.Ints };
        ints.Ints.AddRange([1, -1]);
        var floats = new AttributeProto { Name = "floats", Type = AttrType.Floats };
        floats.Floats.AddRange([0.25f]);
        var strings = new AttributeProto { Name = "strings", Type = AttrType.Strings };
        strings.Strings.AddRange([ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("b")]);
        n.Attribute.Add([ints, floats, strings]);
        n.Attribute.Add(new AttributeProto { Name = "t", Type = AttrType.Tensor, T = ModelBuilder.Floats("", [2f, 3f], 2) });
        n.Attribute.Add(new AttributeProto { Name = "untyped", I = 9 }); // very old files omit the type

        var a = b.Load().Nodes[0].Attributes;

        Assert.Equal(-3, a.GetInt("i"));
        Assert.Equal(0.5f, a.GetFloat("f", 0));
        Assert.Equal("nearest ü", a.GetString("s", ""));
        Assert.Equal([1L, -1L], a.GetInts("ints")!);
        Assert.Equal([0.25f], a.GetFloats("floats")!);
        Assert.Equal(["a", "b"], a.GetStrings("strings")!);
        Assert.Equal([2f, 3f], a.GetTensor("t")!.ToFloatArray());
        Assert.Equal(9, a.GetInt("untyped"));
    }

    [Fact]
    public void Load_GraphAttribute_IsReadAsASubgraph()
    {
        var b = ModelBuilder.Minimal();
        var branch = new GraphProto { Name = "branch" };
        branch.Node.Add(new NodeProto { OpType = "Neg", Name = "/cond/neg", Input = { "x" }, Output = { "b" } });
        branch.Output.Add(ModelBuilder.Value("b", 1, [1, 1, 4]));
        b.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "body", Type = AttrType.Graph, G = branch });
        var g = b.Load().Nodes[0].Attributes.GetGraph("body")!;
        Assert.Equal("branch", g.Name);
        Assert.Equal(["b"], g.Outputs);
        Assert.Equal(["x"], g.ReadsFromOuterScope);
        Assert.Equal("Neg", g.Nodes[0].OpType);
    }

    [Fact]
    public void Load_GraphListAttribute_IsRefusedNamingTheNode()
    {
        var b = ModelBuilder.Minimal();
        b.Graph.Node[0].Name = "/cond/Relu";
        var graphs = new AttributeProto { Name = "branches", Type = AttrType.Graphs };
        graphs.Graphs.Add(new GraphProto());
        b.Graph.Node[0].Attribute.Add(graphs);
        var e = Assert.Throws<ModelException>(() => b.Load());
        Assert.Contains("'branches'", e.Message);
        Assert.Contains("'/cond/Relu' (Relu)", e.Message);
        Assert.Contains("list of subgraphs", e.Message);
    }

    [Fact]
    public void Load_AttributeTensorOfAHugeClaim_IsRefused()
    {
        var b = ModelBuilder.Minimal();
        b.Graph.Node[0].Attribute.Add(new AttributeProto { Name = "value", Type = AttrType.Tensor, T = ModelBuilder.Floats("", [1], 1 << 20, 1 << 20) });
        var e = Assert.Throws<ModelException>(() => b.Load());
        Assert.Contains("attribute 'value' of node '/relu/Relu' (Relu)", e.Message);
    }

    [Fact]
    public void Load_NonDefaultDomain_IsUnsupportedWhateverThePredicate()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("FusedConv", "/conv/FusedConv", ["x"], ["t"], "com.microsoft");
        b.Node("FusedConv", "/conv2/FusedConv", ["t"], ["u"], "com.microsoft");
        b.Node("Relu", "", ["u"], ["y"]);
        var e = Assert.Throws<UnsupportedOperatorException>(() => b.Load());
        Assert.Equal("test.onnx uses 1 unsupported operator: FusedConv (domain 'com.microsoft', 2 nodes, e.g. '/conv/FusedConv')", e.Message);
    }

    [Fact]
    public void Load_UnsupportedOps_AreListedTogetherWithUnnamedNodesByOutput()
    {
        var b = new ModelBuilder().Input("x", 1, 1).Output("y", 1, 1);
        b.Node("Relu", "/a/Relu", ["x"], ["t"]);
        b.Node("Mystery", "", ["t"], ["u"]);
        b.Node("Enigma", "/c/Enigma", ["u"], ["y"]);
        var options = new OnnxLoadOptions { IsSupported = op => op == "Relu" };
        var e = Assert.Throws<UnsupportedOperatorException>(() => b.Load(options: options));
        Assert.Equal("test.onnx uses 2 unsupported operators: Mystery (1 node, e.g. 'output u'), Enigma (1 node, e.g. '/c/Enigma')", e.Message);
        Assert.Equal(["Mystery", "Enigma"], e.Operators.Select(o => o.OpType));
    }

    [Fact]
    public void Load_WithoutOperatorCheck_KeepsUnsupportedModelsForListing()
    {
        var options = new OnnxLoadOptions { IsSupported = _ => false, CheckOperators = false };
        var model = ModelBuilder.Minimal().Load(options: options);
        Assert.Single(model.FindUnsupportedOperators(_ => false));
        Assert.Throws<UnsupportedOperatorException>(() => model.Validate(_ => false));
        model.Validate(_ => true);
    }

    [Fact]
    public void Load_InputsAndValueInfo_GiveSpecsWithSymbolicDims()
    {
        var b = new ModelBuilder().Input("x", 10, -1, 3, 8).Output("y", 7);
        b.Graph.Output[0].Type.TensorType.Shape = null; // rank unknown
        b.Graph.ValueInfo.Add(ModelBuilder.Value("t", 9, [2]));
        b.Node("Relu", "/r/Relu", ["x"], ["t"]);
        b.Node("Cast", "/c/Cast", ["t"], ["y"]);

        var model = b.Load();

        var x = Assert.Single(model.Inputs);
        Assert.Equal(DataType.Float32, x.Type);
        Assert.Equal("FLOAT16", x.OnnxTypeName);
        Assert.Equal([-1, 3, 8], x.Shape!);
        Assert.Equal(new string?[] { "N", null, null }, x.DimParams);
        Assert.Equal("x: FLOAT16 [N, 3, 8]", x.ToString());
        Assert.Null(model.Outputs[0].Shape);
        Assert.Equal(DataType.Int64, model.Outputs[0].Type);
        Assert.Equal(DataType.Bool, model.ValueInfos["t"].Type);
    }

    [Fact]
    public void Load_StringGraphInput_IsRefused()
    {
        var b = new ModelBuilder().Input("x", 8, 1).Output("y", 1, 1);
        b.Node("Relu", "/r/Relu", ["x"], ["y"]);
        var e = Assert.Throws<ModelException>(() => b.Load());
        Assert.Contains("graph input 'x' has element type STRING", e.Message);
    }

    [Fact]
    public void Load_TruncatedOrForeignBytes_AreNotAValidModel()
    {
        byte[] bytes = File.ReadAllBytes(TestModels.PathOf("digitcnn.onnx"));
        foreach (int length in new[] { bytes.Length / 2, bytes.Length - 3, 100, 1 })
        {
            var e = Assert.Throws<ModelException>(() => OnnxModel.Load(bytes[..length], "cut.onnx", options: TestModels.AcceptAll));
            Assert.StartsWith("cut.onnx: ", e.Message);
        }
        var half = Assert.Throws<ModelException>(() => OnnxModel.Load(bytes[..(bytes.Length / 2)], "cut.onnx", options: TestModels.AcceptAll));
        Assert.Contains("not a valid ONNX model", half.Message);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];
        Assert.Contains("not a valid ONNX model", Assert.Throws<ModelException>(() => OnnxModel.Load(png, "image.png")).Message);
    }

    [Fact]
    public void Load_MissingFileOrFolder_SaysSo()
    {
        string missing = Path.Combine(Path.GetTempPath(), "camsharp-no-such-model.onnx");
        Assert.Equal($"{missing}: no such file.", Assert.Throws<ModelException>(() => OnnxModel.Load(missing)).Message);
        Assert.Contains("is a folder", Assert.Throws<ModelException>(() => OnnxModel.Load(Path.GetTempPath())).Message);
    }
}
