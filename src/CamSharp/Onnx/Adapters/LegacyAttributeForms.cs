using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx.Adapters;

/// <summary>
/// Opset 1–6 spellings of operators whose meaning opset 7 kept: Pad's <c>paddings</c>
/// (renamed <c>pads</c> in 2), the experimental Upsample's <c>height_scale</c>/<c>width_scale</c>
/// (opset 7: <c>scales</c> for NCHW), Split's optional <c>split</c> input (an attribute from 2),
/// Cast's <c>to</c> as a type name (a type code from 6) and Tile's <c>tiles</c>/<c>axis</c>
/// inputs (one <c>repeats</c> input from 6). Inputs that become attributes must be constants.
/// </summary>
internal static class LegacyAttributeForms
{
    public static IEnumerable<Node> Adapt(Node node, long opset, AdapterContext ctx)
    {
        var a = node.Attributes;
        switch (node.OpType)
        {
            case "Pad" when a.GetInts("paddings") is { } paddings && !a.Has("pads"):
                return [OpsetAdapter.With(node, attributes: a.Without("paddings").Set("pads", paddings))];
            case "Upsample" when !a.Has("scales") && (a.Has("height_scale") || a.Has("width_scale")):
                float h = a.GetFloat("height_scale", 1f), w = a.GetFloat("width_scale", 1f);
                return [OpsetAdapter.With(node, attributes: a.Without("height_scale", "width_scale").Set("scales", new[] { 1f, 1f, h, w }))];
            case "Split" when node.Inputs.Length > 1 && node.Inputs[1].Length > 0:
                if (!ctx.Initializers.TryGetValue(node.Inputs[1], out var split))
                {
                    ctx.Problem(node, $"the split sizes '{node.Inputs[1]}' (an input before opset 2) must be a constant");
                    return [node];
                }
                return [OpsetAdapter.With(node, [node.Inputs[0]], a.Without("split").Set("split", split.ToLongArray()))];
            case "Cast" when TryTypeName(a, out string? typeName):
                if (OnnxElementType.Code(typeName!) is not { } code)
                {
                    ctx.Problem(node, $"casts to '{typeName}', which is not an ONNX element type");
                    return [node];
                }
                return [OpsetAdapter.With(node, attributes: a.Without("to").Set("to", (long)code))];
            case "Tile" when node.Inputs.Length == 3:
                return Tile(node, ctx);
            default:
                return [node];
        }
    }

    private static bool TryTypeName(Attributes a, out string? name)
    {
        name = null;
        if (!a.Has("to")) return false;
        try
        {
            a.GetInt("to");
            return false;
        }
        catch (ModelException)
        {
            name = a.GetString("to", "");
            return true;
        }
    }

    /// <summary>Tile-1 repeated one axis: repeats is all ones but <c>tiles</c> at <c>axis</c>.</summary>
    private static IEnumerable<Node> Tile(Node node, AdapterContext ctx)
    {
        if (!ctx.Initializers.TryGetValue(node.Inputs[1], out var tiles) || !ctx.Initializers.TryGetValue(node.Inputs[2], out var axis)
            || tiles.Length != 1 || axis.Length != 1 || ctx.Rank(node.Inputs[0]) is not { } rank)
        {
            ctx.Problem(node, "Tile's tiles and axis inputs (before opset 6) must be one-element constants on an input of known rank");
            return [node];
        }
        long ax = axis.ToLongArray()[0];
        if (ax < 0) ax += rank;
        if (ax < 0 || ax >= rank)
        {
            ctx.Problem(node, $"Tile axis {axis.ToLongArray()[0]} is outside rank {rank}");
            return [node];
        }
        var repeats = Enumerable.Repeat(1L, rank).ToArray();
        repeats[ax] = tiles.ToLongArray()[0];
        string name = ctx.AddConstant($"{node.Outputs[0]}_repeats", Tensor.Vector(repeats));
        return [OpsetAdapter.With(node, [node.Inputs[0], name])];
    }
}
