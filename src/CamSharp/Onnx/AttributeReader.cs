using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Onnx;

/// <summary>
/// Converts a node's <c>AttributeProto</c>s into engine <see cref="Attributes"/>: INT → long,
/// FLOAT → float, STRING → string (UTF-8), INTS → long[], FLOATS → float[], STRINGS →
/// string[], TENSOR → Tensor, GRAPH → <see cref="Subgraph"/> (If branches). The rarer kinds
/// are refused with the node named.
/// </summary>
internal static class AttributeReader
{
    /// <summary>The attributes the engine can hold; each one it cannot is added to <paramref name="problems"/>.</summary>
    public static Attributes Read(NodeProto node, string nodeLabel, TensorReader tensors, List<string> problems,
        Func<GraphProto, string, Subgraph>? readGraph = null)
    {
        var result = new Attributes();
        foreach (var a in node.Attribute)
        {
            if (!string.IsNullOrEmpty(a.RefAttrName))
            {
                problems.Add(Problem(nodeLabel, a, "refers to a function attribute, which only occurs inside functions"));
                continue;
            }
            if (result.Has(a.Name))
            {
                problems.Add(Problem(nodeLabel, a, "is given twice"));
                continue;
            }
            switch (TypeOf(a))
            {
                case AttrType.Int: result.Set(a.Name, a.I); break;
                case AttrType.Float: result.Set(a.Name, a.F); break;
                case AttrType.String: result.Set(a.Name, a.S.ToStringUtf8()); break;
                case AttrType.Ints: result.Set(a.Name, a.Ints.ToArray()); break;
                case AttrType.Floats: result.Set(a.Name, a.Floats.ToArray()); break;
                case AttrType.Strings: result.Set(a.Name, a.Strings.Select(s => s.ToStringUtf8()).ToArray()); break;
                case AttrType.Tensor:
                    result.Set(a.Name, tensors.Read(a.T ?? new TensorProto(), $"attribute '{a.Name}' of node {nodeLabel}"));
                    break;
                case AttrType.Graph when readGraph is not null && a.G is not null:
                    result.Set(a.Name, readGraph(a.G, $"attribute '{a.Name}' of node {nodeLabel}"));
                    break;
                case AttrType.Graph or AttrType.Graphs:
                    problems.Add(Problem(nodeLabel, a, "holds a list of subgraphs, which CamSharp does not read"));
                    break;
                case var other:
                    problems.Add(Problem(nodeLabel, a, $"is of kind {other}, which CamSharp does not read"));
                    break;
            }
        }
        return result;
    }

    /// <summary>
    /// The declared kind; very old files leave it unset, so then it is inferred from the
    /// field that holds data.
    /// </summary>
    private static AttrType TypeOf(AttributeProto a)
    {
        if (a.Type != AttrType.Undefined) return a.Type;
        if (a.G is not null) return AttrType.Graph;
        if (a.T is not null) return AttrType.Tensor;
        if (a.Graphs.Count > 0) return AttrType.Graphs;
        if (a.Tensors.Count > 0) return AttrType.Tensors;
        if (a.Floats.Count > 0) return AttrType.Floats;
        if (a.Ints.Count > 0) return AttrType.Ints;
        if (a.Strings.Count > 0) return AttrType.Strings;
        if (!a.S.IsEmpty) return AttrType.String;
        return a.F != 0 ? AttrType.Float : AttrType.Int;
    }

    private static string Problem(string nodeLabel, AttributeProto a, string message) =>
        $"attribute '{a.Name}' of node {nodeLabel} {message}";
}
