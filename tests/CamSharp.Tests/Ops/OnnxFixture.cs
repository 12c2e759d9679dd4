using System.Runtime.InteropServices;
using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Reads single nodes and their float initializers out of a fixture model, so an operator
/// can be checked on real weights against the activations PyTorch recorded.
/// </summary>
internal sealed class OnnxFixture
{
    private static readonly Lazy<OnnxFixture> ResNet18Lazy = new(() => new OnnxFixture(Fixtures.File("models/resnet18.onnx")));

    private readonly ModelProto _model;

    private OnnxFixture(string path) => _model = ModelProto.Parser.ParseFrom(System.IO.File.ReadAllBytes(path));

    public static OnnxFixture ResNet18 => ResNet18Lazy.Value;

    public NodeProto Node(string name) =>
        _model.Graph.Node.FirstOrDefault(n => n.Name == name) ?? throw new InvalidOperationException($"No node '{name}' in the fixture model.");

    /// <summary>The node's inputs as tensors (all must be float initializers except the first).</summary>
    public Tensor Initializer(string name)
    {
        var t = _model.Graph.Initializer.FirstOrDefault(i => i.Name == name) ?? throw new InvalidOperationException($"No initializer '{name}'.");
        int[] shape = t.Dims.Select(d => (int)d).ToArray();
        float[] data = t.RawData.Length > 0 ? MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray() : t.FloatData.ToArray();
        return Tensor.FromFloats(data, shape);
    }

    /// <summary>The node's int, ints, float and string attributes in engine form.</summary>
    public static Attributes AttributesOf(NodeProto node)
    {
        var a = new Attributes();
        foreach (var attr in node.Attribute)
        {
            switch (attr.Type)
            {
                case AttributeProto.Types.AttributeType.Int: a.Set(attr.Name, attr.I); break;
                case AttributeProto.Types.AttributeType.Ints: a.Set(attr.Name, attr.Ints.ToArray()); break;
                case AttributeProto.Types.AttributeType.Float: a.Set(attr.Name, attr.F); break;
                case AttributeProto.Types.AttributeType.String: a.Set(attr.Name, attr.S.ToStringUtf8()); break;
            }
        }
        return a;
    }
}
