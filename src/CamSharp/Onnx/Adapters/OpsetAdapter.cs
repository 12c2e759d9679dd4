using CamSharp.Engine;

namespace CamSharp.Onnx.Adapters;

/// <summary>
/// Brings a graph written for opsets 1–6 to opset 7, the oldest the engine's operators are
/// written against, the way ONNX's version converter does: each concern (retired attributes,
/// the old broadcast rule, attributes that became inputs, changed defaults) is one adapter
/// that rewrites a node into one or more nodes. A node that cannot be adapted faithfully is a
/// problem naming it, never a guess.
/// </summary>
internal static class OpsetAdapter
{
    /// <summary>The opset every adapted graph is in.</summary>
    public const int Target = 7;

    private delegate IEnumerable<Node> NodeAdapter(Node node, long opset, AdapterContext ctx);

    private static readonly NodeAdapter[] Adapters =
    [
        RetiredAttributes.Adapt,
        LegacyBroadcast.Adapt,
        ReshapeShapeAttribute.Adapt,
        ConcatDefaultAxis.Adapt,
        LegacyAttributeForms.Adapt,
    ];

    /// <summary>The graph's nodes in opset-7 form (unchanged for opset 7 and later).</summary>
    public static List<Node> Adapt(IReadOnlyList<Node> nodes, long opset, AdapterContext ctx)
    {
        if (opset >= Target) return nodes.ToList();
        var result = new List<Node>(nodes.Count);
        foreach (var node in nodes)
        {
            IEnumerable<Node> current = [node];
            if (node.Domain.Length == 0)
            {
                try
                {
                    foreach (var adapter in Adapters)
                        current = current.SelectMany(n => adapter(n, opset, ctx)).ToList();
                }
                catch (ModelException e)
                {
                    // A malformed attribute (an axis that is a string): report it with the node, keep the node.
                    ctx.Problem(node, e.Message.TrimEnd('.'));
                    current = [node];
                }
            }
            foreach (var n in current)
            {
                ctx.Learn(n);
                result.Add(n);
            }
        }
        return result;
    }

    /// <summary>The same node with other inputs or attributes.</summary>
    internal static Node With(Node node, string[]? inputs = null, Attributes? attributes = null) =>
        new(node.Name, node.OpType, inputs ?? node.Inputs, node.Outputs, attributes ?? node.Attributes, node.Domain);
}
