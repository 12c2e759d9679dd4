using CamSharp.Engine;

namespace CamSharp.Onnx.Adapters;

/// <summary>
/// Before opset 7, binary operators broadcast only with <c>broadcast=1</c>, and then aligned
/// B with A starting at <c>axis</c> (default: B's dims are A's trailing dims, the numpy
/// rule). Opset 7 uses numpy broadcasting throughout, so an <c>axis</c> that leaves dims of A
/// after B becomes an Unsqueeze of B that appends them; PRelu's 1-D slope aligned with axis 1
/// (channels) the same way. Needs both ranks at load; without them the node is a problem.
/// </summary>
internal static class LegacyBroadcast
{
    private static readonly HashSet<string> BinaryOps = new(StringComparer.Ordinal)
    {
        "Add", "Sub", "Mul", "Div", "Pow", "And", "Or", "Xor", "Equal", "Greater", "Less",
    };

    public static IEnumerable<Node> Adapt(Node node, long opset, AdapterContext ctx)
    {
        if (node.OpType == "PRelu") return PRelu(node, ctx);
        if (!BinaryOps.Contains(node.OpType) || node.Inputs.Length < 2) return [node];
        var a = node.Attributes;
        if (!a.Has("broadcast") && !a.Has("axis")) return [node];
        var attributes = a.Without("broadcast", "axis");
        if (a.GetInt("broadcast", 0) == 0 || !a.Has("axis")) return [OpsetAdapter.With(node, attributes: attributes)];

        long axis = a.GetInt("axis");
        string left = node.Inputs[0], right = node.Inputs[1];
        if (ctx.Rank(left) is not { } rankA || ctx.Rank(right) is not { } rankB)
        {
            ctx.Problem(node, $"broadcast=1 with axis={axis} (opset {opset}) needs the ranks of '{left}' and '{right}', which the file does not give");
            return [node];
        }
        if (axis < 0) axis += rankA;
        long trailing = rankA - axis - rankB;
        if (axis < 0 || trailing < 0)
        {
            ctx.Problem(node, $"broadcast axis {a.GetInt("axis")} does not fit '{right}' (rank {rankB}) into '{left}' (rank {rankA})");
            return [node];
        }
        return AppendUnitDims(node, attributes, 1, rankB, trailing, ctx);
    }

    /// <summary>PRelu before opset 7: a 1-D slope of length C applies per channel (axis 1).</summary>
    private static IEnumerable<Node> PRelu(Node node, AdapterContext ctx)
    {
        if (node.Inputs.Length < 2 || ctx.Rank(node.Inputs[1]) != 1) return [node];
        if (ctx.Initializers.TryGetValue(node.Inputs[1], out var slope) && slope.Length == 1) return [node];
        if (ctx.Rank(node.Inputs[0]) is not { } rankX)
        {
            ctx.Problem(node, $"the 1-D slope applies per channel before opset 7, which needs the rank of '{node.Inputs[0]}', which the file does not give");
            return [node];
        }
        return AppendUnitDims(node, node.Attributes, 1, 1, Math.Max(0, rankX - 2), ctx);
    }

    /// <summary>Input <paramref name="input"/> (of rank <paramref name="rank"/>) with <paramref name="count"/> unit dims appended.</summary>
    private static IEnumerable<Node> AppendUnitDims(Node node, Attributes attributes, int input, int rank, long count, AdapterContext ctx)
    {
        if (count == 0) return [OpsetAdapter.With(node, attributes: attributes)];
        string original = node.Inputs[input];
        string aligned = ctx.NewName($"{original}_aligned_for_{node.Outputs[0]}");
        var axes = Enumerable.Range(rank, (int)count).Select(i => (long)i).ToArray();
        var unsqueeze = new Node(node.Name.Length > 0 ? node.Name + "/legacy_broadcast" : "", "Unsqueeze", [original], [aligned],
            new Attributes().Set("axes", axes));
        var inputs = node.Inputs.ToArray();
        inputs[input] = aligned;
        return [unsqueeze, OpsetAdapter.With(node, inputs, attributes)];
    }
}
