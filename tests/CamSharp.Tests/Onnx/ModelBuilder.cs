using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using Google.Protobuf;

namespace CamSharp.Tests.Onnx;

/// <summary>Builds small ONNX models in memory, as a PyTorch export would write them.</summary>
internal sealed class ModelBuilder
{
    public ModelBuilder(long irVersion = 8, long opset = 17)
    {
        Model = new ModelProto { IrVersion = irVersion, ProducerName = "test", Graph = new GraphProto { Name = "g" } };
        Model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
    }

    public ModelProto Model { get; }

    public GraphProto Graph => Model.Graph;

    /// <summary>x → Relu → y, the smallest sound graph.</summary>
    public static ModelBuilder Minimal(long irVersion = 8, long opset = 17)
    {
        var b = new ModelBuilder(irVersion, opset).Input("x", 1, 1, 4).Output("y", 1, 1, 4);
        b.Node("Relu", "/relu/Relu", ["x"], ["y"]);
        return b;
    }

    public ModelBuilder Input(string name, int elemType = 1, params long[] dims)
    {
        Graph.Input.Add(Value(name, elemType, dims));
        return this;
    }

    public ModelBuilder Output(string name, int elemType = 1, params long[] dims)
    {
        Graph.Output.Add(Value(name, elemType, dims));
        return this;
    }

    public NodeProto Node(string opType, string name, string[] inputs, string[] outputs, string domain = "")
    {
        var n = new NodeProto { OpType = opType, Name = name, Domain = domain };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        Graph.Node.Add(n);
        return n;
    }

    public ModelBuilder Initializer(TensorProto t)
    {
        Graph.Initializer.Add(t);
        return this;
    }

    public byte[] Bytes() => Model.ToByteArray();

    public OnnxModel Load(string? baseDirectory = null, OnnxLoadOptions? options = null) =>
        OnnxModel.Load(Bytes(), "test.onnx", baseDirectory, options ?? TestModels.AcceptAll);

    public static ValueInfoProto Value(string name, int elemType, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(d >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } },
        };
    }

    /// <summary>A tensor with the given element type, dims and raw little-endian bytes.</summary>
    public static TensorProto Raw(string name, int elemType, byte[] raw, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = elemType, RawData = ByteString.CopyFrom(raw) };
        t.Dims.AddRange(dims);
        return t;
    }

    public static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return Raw(name, 1, bytes, dims);
    }

    /// <summary>A tensor with no data yet (for typed fields or external data).</summary>
    public static TensorProto Empty(string name, int elemType, params long[] dims)
    {
        var t = new TensorProto { Name = name, DataType = elemType };
        t.Dims.AddRange(dims);
        return t;
    }
}
