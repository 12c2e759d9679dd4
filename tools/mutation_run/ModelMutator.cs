using CamSharp.Onnx.Proto;
using Google.Protobuf;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.MutationRun;

/// <summary>
/// Mutations of a real ONNX model: a third are edits of the serialized bytes (bit flips,
/// truncation), the rest edits through the protobuf classes (dimensions of weights and
/// values, attribute values and kinds, graph rewiring, op types, versions), one to three
/// at a time, so the file still parses and the checks behind parsing are reached.
/// </summary>
public sealed class ModelMutator
{
    private static readonly string[] OpTypes = ["Relu", "Conv", "Add", "MaxPool", "Reshape", "Concat", "Gemm", "Flatten", "Transpose", "Resize", "Slice", "Softmax", "Gelu", "LayerNormalization", "Expand", "Tile", "ConstantOfShape", "Range", "Identity", "NoSuchOp"];
    private static readonly long[] Extremes = [0, -1, -2, 1, 2, 3, 7, 64, 1000, 1 << 20, 1L << 31, 1L << 40, long.MaxValue, long.MinValue];

    private readonly byte[] _original;
    private readonly ModelProto _model;

    public ModelMutator(byte[] original)
    {
        _original = original;
        _model = ModelProto.Parser.ParseFrom(original);
    }

    /// <summary>One mutated model file.</summary>
    public byte[] Next(Random rnd)
    {
        if (rnd.Next(3) == 0) return ByteMutations.Mutate(_original, rnd, headerBias: 4096);
        var m = _model.Clone();
        for (int k = rnd.Next(1, 4); k > 0; k--) Edit(m, rnd);
        return m.ToByteArray();
    }

    private static void Edit(ModelProto m, Random rnd)
    {
        var g = m.Graph;
        switch (rnd.Next(10))
        {
            case 0: EditInitializerDims(g, rnd); break;
            case 1: EditValueDims(g, rnd); break;
            case 2:
            case 3: EditAttribute(g, rnd); break;
            case 4: RewireInput(g, rnd); break;
            case 5: EditNodes(g, rnd); break;
            case 6: EditOpType(g, rnd); break;
            case 7: EditInitializerData(g, rnd); break;
            case 8: EditVersions(m, rnd); break;
            default: RenameOutput(g, rnd); break;
        }
    }

    private static T? Any<T>(IList<T> list, Random rnd) where T : class => list.Count == 0 ? null : list[rnd.Next(list.Count)];

    private static long Extreme(Random rnd, long around) =>
        rnd.Next(3) == 0 ? around + rnd.Next(-2, 3) : rnd.Next(4) == 0 ? around * 2 : Extremes[rnd.Next(Extremes.Length)];

    private static void EditInitializerDims(GraphProto g, Random rnd)
    {
        if (Any(g.Initializer, rnd) is not { } t) return;
        switch (rnd.Next(4))
        {
            case 0 when t.Dims.Count > 0: t.Dims[rnd.Next(t.Dims.Count)] = Extreme(rnd, t.Dims[0]); break;
            case 1: t.Dims.Add(rnd.Next(2) == 0 ? 1 : Extreme(rnd, 1)); break;
            case 2 when t.Dims.Count > 0: t.Dims.RemoveAt(rnd.Next(t.Dims.Count)); break;
            default:
                // Same element count, other layout: shapes that look plausible but do not fit.
                if (t.Dims.Count >= 2) (t.Dims[0], t.Dims[1]) = (t.Dims[1], t.Dims[0]);
                break;
        }
    }

    private static void EditValueDims(GraphProto g, Random rnd)
    {
        var lists = new[] { g.Input, g.Output, g.ValueInfo }.Where(l => l.Count > 0).ToArray();
        if (lists.Length == 0) return;
        var v = Any(lists[rnd.Next(lists.Length)], rnd)!;
        if (v.Type?.TensorType is not { } tt) return;
        switch (rnd.Next(5))
        {
            case 0: tt.ElemType = rnd.Next(0, 20); break;
            case 1: tt.Shape?.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = Extreme(rnd, 1) }); break;
            case 2 when tt.Shape is { Dim.Count: > 0 } s: s.Dim.RemoveAt(rnd.Next(s.Dim.Count)); break;
            default:
                if (tt.Shape is { Dim.Count: > 0 } shape)
                    shape.Dim[rnd.Next(shape.Dim.Count)] = new TensorShapeProto.Types.Dimension { DimValue = Extreme(rnd, 3) };
                break;
        }
    }

    private static void EditAttribute(GraphProto g, Random rnd)
    {
        var withAttrs = g.Node.Where(n => n.Attribute.Count > 0).ToList();
        if (Any(withAttrs, rnd) is not { } node) return;
        var a = node.Attribute[rnd.Next(node.Attribute.Count)];
        switch (rnd.Next(8))
        {
            case 0: a.I = Extreme(rnd, a.I); break;
            case 1 when a.Ints.Count > 0: a.Ints[rnd.Next(a.Ints.Count)] = Extreme(rnd, a.Ints[0]); break;
            case 2: a.Ints.Add(Extreme(rnd, 1)); break;
            case 3 when a.Ints.Count > 0: a.Ints.RemoveAt(rnd.Next(a.Ints.Count)); break;
            case 4: a.Type = (AttrType)rnd.Next(0, 15); break;
            case 5: node.Attribute.Remove(a); break;
            case 6: a.F = rnd.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => (float)(rnd.NextDouble() * 1e6 - 5e5) }; break;
            default: a.S = ByteString.CopyFromUtf8(rnd.Next(2) == 0 ? "SAME_UPPER" : "bogus"); break;
        }
    }

    private static void RewireInput(GraphProto g, Random rnd)
    {
        if (Any(g.Node, rnd) is not { } node || node.Input.Count == 0) return;
        var names = g.Node.SelectMany(n => n.Output).Concat(g.Input.Select(i => i.Name)).Concat(g.Initializer.Select(i => i.Name)).ToList();
        int k = rnd.Next(node.Input.Count);
        node.Input[k] = rnd.Next(8) switch
        {
            0 => "no_such_value",
            1 => node.Output.Count > 0 ? node.Output[0] : "",
            2 => "",
            _ => names[rnd.Next(names.Count)],
        };
    }

    private static void EditNodes(GraphProto g, Random rnd)
    {
        if (g.Node.Count == 0) return;
        int i = rnd.Next(g.Node.Count);
        switch (rnd.Next(5))
        {
            case 0: g.Node.RemoveAt(i); break;
            case 1: g.Node.Add(g.Node[i].Clone()); break;
            case 2:
                {
                    int j = rnd.Next(g.Node.Count);
                    (g.Node[i], g.Node[j]) = (g.Node[j], g.Node[i]);
                    break;
                }
            case 3: g.Node[i].Input.Add(g.Node[rnd.Next(g.Node.Count)].Output.FirstOrDefault() ?? ""); break;
            default: if (g.Node[i].Input.Count > 0) g.Node[i].Input.RemoveAt(g.Node[i].Input.Count - 1); break;
        }
    }

    private static void EditOpType(GraphProto g, Random rnd)
    {
        if (Any(g.Node, rnd) is not { } node) return;
        if (rnd.Next(5) == 0) node.Domain = "com.example";
        else node.OpType = OpTypes[rnd.Next(OpTypes.Length)];
    }

    private static void EditInitializerData(GraphProto g, Random rnd)
    {
        if (Any(g.Initializer, rnd) is not { } t) return;
        switch (rnd.Next(4))
        {
            case 0: t.DataType = rnd.Next(0, 20); break;
            case 1 when t.RawData.Length > 0: t.RawData = ByteString.CopyFrom(t.RawData.Span[..rnd.Next(t.RawData.Length)]); break;
            case 2: t.RawData = ByteString.Empty; break;
            default: t.Name = g.Initializer[rnd.Next(g.Initializer.Count)].Name; break;
        }
    }

    private static void EditVersions(ModelProto m, Random rnd)
    {
        if (rnd.Next(2) == 0) m.IrVersion = rnd.Next(0, 13);
        else if (m.OpsetImport.Count > 0) m.OpsetImport[0].Version = rnd.Next(0, 25);
    }

    private static void RenameOutput(GraphProto g, Random rnd)
    {
        if (Any(g.Node, rnd) is not { } node || node.Output.Count == 0) return;
        node.Output[0] = rnd.Next(3) switch
        {
            0 => g.Input.Count > 0 ? g.Input[0].Name : "x",
            1 => g.Node[rnd.Next(g.Node.Count)].Output.FirstOrDefault() ?? "",
            _ => "renamed_" + rnd.Next(1000),
        };
    }
}
