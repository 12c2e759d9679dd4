using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Google.Protobuf;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Onnx.Adapters;

/// <summary>Small helpers for the version-adapter tests: attributes on node protos, and loading and running a built model.</summary>
internal static class AdapterTesting
{
    public static NodeProto Int(this NodeProto n, string name, long value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttrType.Int, I = value });
        return n;
    }

    public static NodeProto Ints(this NodeProto n, string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttrType.Ints };
        a.Ints.AddRange(values);
        n.Attribute.Add(a);
        return n;
    }

    public static NodeProto Floats(this NodeProto n, string name, params float[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttrType.Floats };
        a.Floats.AddRange(values);
        n.Attribute.Add(a);
        return n;
    }

    public static NodeProto Float(this NodeProto n, string name, float value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttrType.Float, F = value });
        return n;
    }

    public static NodeProto Str(this NodeProto n, string name, string value)
    {
        n.Attribute.Add(new AttributeProto { Name = name, Type = AttrType.String, S = ByteString.CopyFromUtf8(value) });
        return n;
    }

    /// <summary>Loads the built model as a runnable <see cref="Model"/>.</summary>
    public static Model Load(ModelBuilder b) => Model.Load(b.Bytes(), "test.onnx");

    /// <summary>Loads and runs the model on named float inputs; returns the first output.</summary>
    public static Tensor Run(ModelBuilder b, params (string Name, Tensor Value)[] inputs) =>
        Load(b).Run(inputs.ToDictionary(i => i.Name, i => i.Value))[0];

    public static Tensor Sequence(params int[] shape)
    {
        int n = ShapeUtil.Size(shape);
        return Tensor.FromFloats(Enumerable.Range(0, n).Select(i => (float)i).ToArray(), shape);
    }
}
