using CamSharp.Engine;

namespace CamSharp.Onnx.Adapters;

/// <summary>Concat before opset 4 had an optional <c>axis</c> defaulting to 1; from 4 it is required.</summary>
internal static class ConcatDefaultAxis
{
    public static IEnumerable<Node> Adapt(Node node, long opset, AdapterContext ctx)
    {
        if (node.OpType != "Concat" || node.Attributes.Has("axis")) return [node];
        return [OpsetAdapter.With(node, attributes: node.Attributes.Without().Set("axis", 1L))];
    }
}
