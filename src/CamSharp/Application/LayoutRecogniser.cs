using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// How a layer's activation is laid out, read from the graph rather than from a flag:
/// rank 3 is transformer tokens, rank 5 a video volume, and a rank-4 value is channels-last
/// when what reads it treats the last axis as channels (a LayerNorm over it, a permute to
/// N×C×H×W, a linear layer over it), as Swin stages are.
/// </summary>
internal static class LayoutRecogniser
{
    private const int Reach = 6;

    public static LayerChoice Describe(GraphFacts g, string name, IReadOnlyList<string> values, string reason)
    {
        var shape = values.Count > 0 ? g.Shape(values[0]) : null;
        var layout = shape?.Length switch
        {
            3 => FeatureLayout.Tokens,
            5 => FeatureLayout.Volume,
            4 when IsChannelsLast(g, values[0]) => FeatureLayout.ChannelsLast,
            _ => FeatureLayout.ChannelsFirst,
        };
        var choice = new LayerChoice(name, values, layout, reason);
        if (layout != FeatureLayout.Tokens || shape is null) return choice;
        return g.Model.Input.Shape is { Length: 5 } && WithVideoTokenGrid(g, choice, values[0], shape[1]) is { } video ? video : WithTokenGrid(g, choice, shape[1]);
    }

    public static bool IsChannelsLast(GraphFacts g, string value)
    {
        if (g.Producer(value) is { OpType: "Transpose" } p && Perm(p) is [0, 2, 3, 1]) return true;
        var frontier = new Queue<(string Value, int Depth)>([(value, 0)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.Count > 0)
        {
            var (v, depth) = frontier.Dequeue();
            if (!seen.Add(v) || depth >= Reach) continue;
            foreach (var node in g.Consumers(v))
            {
                if (ReadsLastAxisAsChannels(g, node, v)) return true;
                if (node.OpType is "Conv" or "MaxPool" or "AveragePool" or "GlobalAveragePool" or "BatchNormalization" or "Resize") return false;
                if (GraphFacts.IsPassThrough(node) && node.OpType != "Transpose")
                    foreach (var o in node.Outputs) frontier.Enqueue((o, depth + 1));
            }
        }
        return false;
    }

    private static bool ReadsLastAxisAsChannels(GraphFacts g, Node node, string input) => node.OpType switch
    {
        "Transpose" => Perm(node) is [0, 3, 1, 2],
        "LayerNormalization" => node.Attributes.GetInt("axis", -1) is -1 or 3,
        "ReduceMean" => node.Attributes.GetInts("axes") is [-1] or [3],
        "MatMul" => node.Inputs.Length == 2 && node.Inputs[0] == input && !g.IsActivation(node.Inputs[1]),
        _ => false,
    };

    private static long[]? Perm(Node node) => node.Attributes.GetInts("perm");

    /// <summary>
    /// A video transformer's token grid (MViT): its attention pooling reshapes the tokens to
    /// N×C×T×H×W, so the nearest 5-D value downstream whose T·H·W is the token count less 0–2
    /// extra tokens gives the frames and the grid.
    /// </summary>
    private static LayerChoice? WithVideoTokenGrid(GraphFacts g, LayerChoice choice, string value, int tokens)
    {
        const int VideoReach = 16;
        var frontier = new Queue<(string Value, int Depth)>([(value, 0)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.Count > 0)
        {
            var (v, depth) = frontier.Dequeue();
            if (!seen.Add(v)) continue;
            if (g.Shape(v) is { Length: 5 } s && tokens - s[2] * s[3] * s[4] is >= 0 and <= 2 and var extra)
                return choice with { ExtraTokens = extra, TokenGrid = (s[3], s[4]), TokenFrames = s[2] };
            if (depth >= VideoReach) continue;
            foreach (var node in g.Consumers(v))
                foreach (var o in node.Outputs) frontier.Enqueue((o, depth + 1));
        }
        return null;
    }

    /// <summary>Extra tokens and grid: the patch embedding's output size when a patchifying Conv shows it.</summary>
    private static LayerChoice WithTokenGrid(GraphFacts g, LayerChoice choice, int tokens)
    {
        foreach (var node in g.NodesInOrder)
        {
            if (node.OpType != "Conv" || node.Outputs.Length == 0) continue;
            var kernel = node.Attributes.GetInts("kernel_shape");
            var strides = node.Attributes.GetInts("strides");
            if (kernel is not { Length: 2 } || strides is not { Length: 2 } || kernel[0] != strides[0] || kernel[0] < 2) continue;
            if (g.Shape(node.Outputs[0]) is not { Length: 4 } s) continue;
            int grid = s[2] * s[3], extra = tokens - grid;
            if (extra >= 0 && extra < tokens) return choice with { ExtraTokens = extra, TokenGrid = (s[2], s[3]) };
        }
        for (int extra = 0; extra <= 2; extra++)
        {
            int rest = tokens - extra, r = (int)Math.Round(Math.Sqrt(Math.Max(rest, 0)));
            if (r > 0 && r * r == rest) return choice with { ExtraTokens = extra, TokenGrid = (r, r) };
        }
        return choice; // no grid: the explainer refuses to draw it rather than guess
    }
}
