using CamSharp.Detection;
using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// The layers a user of pytorch-grad-cam, MMPretrain or MMYOLO would pick when none is
/// named, found from the graph: a classifier's last spatial map before global pooling that
/// is not a class-score map; a ViT's last block's first norm, read as tokens; a Swin model's
/// last stage, channels-last; a segmenter's backbone output; a detector's head inputs.
/// </summary>
internal static class DefaultLayers
{
    private const int MaxSteps = 400;

    /// <summary>Walks back from the output through the head to the first spatial map (classifiers and embedders).</summary>
    public static LayerChoice? BeforePooling(GraphFacts g, string output, int classes)
    {
        string? v = output;
        bool passedHead = false;
        for (int step = 0; step < MaxSteps && v is not null; step++)
        {
            var shape = g.Shape(v);
            if (shape is { Length: 3 } && shape[1] > 1) return null; // tokens: a transformer, see LastBlockNorm
            if (GraphFacts.IsSpatial(shape))
            {
                v = BeforeCopies(g, v);
                var producer = g.Producer(v);
                if (producer is { OpType: "Transpose" } t && t.Attributes.GetInts("perm") is [0, 3, 1, 2])
                    return ChannelsLastStage(g, t);
                if (shape![1] == classes && !passedHead && ClassProjection(g, v) is { } conv)
                {
                    // squeezenet-style head: a 1×1 conv to the classes, then pooling. Every gradient method
                    // sees a uniform gradient there, so explain the map that feeds the projection.
                    passedHead = true;
                    v = g.MainInput(conv);
                    continue;
                }
                return Chosen(g, v, passedHead
                    ? "the last spatial map before the class projection and global pooling"
                    : "the last spatial map before global pooling");
            }
            var node = g.Producer(v);
            if (node is null) return null;
            if (g.IsWeighted(node))
            {
                if (passedHead) return null;
                passedHead = true;
            }
            v = g.MainInput(node);
        }
        return null;
    }

    /// <summary>
    /// Steps back through nodes that pass a map on unchanged (a zero Pad before pooling, as torch
    /// exports AvgPool3d; Identity; Dropout), so the choice is the module's own output.
    /// </summary>
    private static string BeforeCopies(GraphFacts g, string v)
    {
        for (int step = 0; step < MaxSteps; step++)
        {
            if (g.Producer(v) is not { OpType: "Pad" or "Identity" or "Dropout" } node || g.MainInput(node) is not { } input) return v;
            if (g.Shape(input) is not { } before || g.Shape(v) is not { } after || !before.AsSpan().SequenceEqual(after)) return v;
            v = input;
        }
        return v;
    }

    /// <summary>The first norm of the last transformer block: what the last attention's queries and keys are computed from.</summary>
    public static LayerChoice? LastBlockNorm(GraphFacts g)
    {
        var attention = g.NodesInOrder.LastOrDefault(n => n.OpType == "Softmax" && n.Inputs.Length > 0 && g.Shape(n.Inputs[0]) is { Length: >= 3 });
        if (attention is null) return null;
        var frontier = new Queue<string>(attention.Inputs.Where(g.IsActivation));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.Count > 0 && seen.Count < MaxSteps)
        {
            string v = frontier.Dequeue();
            if (!seen.Add(v)) continue;
            if (g.Shape(v) is { Length: 3 } && IsNormOutput(g, v))
                return LayoutRecogniser.Describe(g, g.NameOf(v), [v], "the first norm of the last transformer block, read as tokens");
            if (g.Producer(v) is { } p)
                foreach (var i in p.Inputs.Where(g.IsActivation)) frontier.Enqueue(i);
        }
        return null;
    }

    /// <summary>
    /// The input of the block whose first norm is <paramref name="norm"/>: where ViT-ReciproCAM
    /// masks tokens (OpenVINO XAI's default is the last block's input), with the norm's token layout.
    /// </summary>
    public static LayerChoice? BlockInput(GraphFacts g, LayerChoice norm)
    {
        if (norm.Layout != FeatureLayout.Tokens || norm.Values.Count != 1) return null;
        if (g.Producer(norm.Values[0]) is not { OpType: "LayerNormalization" } node || g.MainInput(node) is not { } input) return null;
        return norm with { Name = g.NameOf(input), Values = [input], Reason = "the last transformer block's input (ViT-ReciproCAM masks a block's input tokens, as OpenVINO XAI)" };
    }

    /// <summary>A segmenter's backbone output (its deepest map), else the smallest map in the graph.</summary>
    public static LayerChoice? Backbone(GraphFacts g)
    {
        var backbone = g.Model.Modules.All.Where(m => m.Name == "backbone" || m.Path == "backbone").OrderBy(m => m.Depth).FirstOrDefault();
        var candidates = backbone?.OutputValues.Where(v => GraphFacts.IsSpatial(g.Shape(v))).ToList() ?? [];
        string reason = "the backbone's deepest output";
        if (candidates.Count == 0)
        {
            candidates = g.NodesInOrder.SelectMany(n => n.Outputs).Where(v => g.IsActivation(v) && GraphFacts.IsSpatial(g.Shape(v))).ToList();
            reason = "the smallest spatial map (the encoder's output)";
        }
        if (candidates.Count == 0) return null;
        long smallest = candidates.Min(Area);
        string chosen = candidates.Last(v => Area(v) == smallest);
        return Chosen(g, chosen, reason);

        long Area(string v) => g.Shape(v)!.Skip(2).Aggregate(1L, (a, d) => a * d);
    }

    /// <summary>The detection head's inputs: by module structure when the export has scopes, else one branch point per output level.</summary>
    public static LayerChoice? HeadInputs(GraphFacts g)
    {
        if (BoxMaps.HeadInputs(g.Model) is { Count: > 0 } inputs)
            return new LayerChoice(string.Join(" ", inputs.Select(g.NameOf)), inputs, FeatureLayout.ChannelsFirst, "the detection head's inputs (MMYOLO's box AM)");
        var levels = OutputLevels(g);
        var values = new List<string>();
        foreach (var (h, w) in levels)
        {
            // The last map of this level that branches (into the class and box convolutions of the head).
            var branch = g.NodesInOrder.SelectMany(n => n.Outputs)
                .LastOrDefault(v => g.IsActivation(v) && g.Shape(v) is { Length: 4 } s && s[2] == h && s[3] == w && g.Consumers(v).Count() >= 2);
            if (branch is not null) values.Add(branch);
        }
        return values.Count > 0
            ? new LayerChoice(string.Join(" ", values.Select(g.NameOf)), values, FeatureLayout.ChannelsFirst, "where the detection head branches, one map per output level")
            : null;
    }

    /// <summary>The grid sizes of the raw prediction maps that the detector's outputs are assembled from.</summary>
    private static List<(int, int)> OutputLevels(GraphFacts g)
    {
        var levels = new List<(int, int)>();
        var frontier = new Queue<string>(g.Model.Graph.OutputNames);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (frontier.Count > 0 && seen.Count < MaxSteps)
        {
            string v = frontier.Dequeue();
            if (!seen.Add(v)) continue;
            if (g.Shape(v) is { Length: 4 } s && GraphFacts.IsSpatial(s))
            {
                if (!levels.Contains((s[2], s[3]))) levels.Add((s[2], s[3]));
                continue;
            }
            if (g.Producer(v) is { } p && p.OpType is "Concat" or "Reshape" or "Transpose" or "Sigmoid" or "Flatten" or "Mul" or "Add" or "Identity" or "Slice" or "Split" or "Exp")
                foreach (var i in p.Inputs.Where(g.IsActivation)) frontier.Enqueue(i);
        }
        return levels;
    }

    /// <summary>The last spatial map in execution order: the fallback torchcam uses (<c>locate_candidate_layer</c>).</summary>
    public static LayerChoice? LastSpatial(GraphFacts g)
    {
        var best = g.NodesInOrder.SelectMany(n => n.Outputs).LastOrDefault(v => g.IsActivation(v) && GraphFacts.IsSpatial(g.Shape(v)));
        return best is null ? null : Chosen(g, best, "the last spatial map in the graph");
    }

    private static LayerChoice Chosen(GraphFacts g, string value, string reason)
    {
        // A functional activation outside any module (densenet's F.relu after features): name the module it follows.
        if (g.NameOf(value) == value && g.Producer(value) is { OpType: "Relu" or "Clip" or "Sigmoid" } act
            && g.MainInput(act) is { } before && g.NameOf(before) != before)
            value = before;
        return LayoutRecogniser.Describe(g, g.NameOf(value), [value], reason);
    }

    /// <summary>The weighted node that projects features to class scores (through activations only), or null.</summary>
    private static Node? ClassProjection(GraphFacts g, string value)
    {
        var node = g.Producer(value);
        for (int i = 0; i < 4 && node is not null; i++)
        {
            if (g.IsWeighted(node)) return node.OpType == "Conv" ? node : null;
            if (node.OpType is not ("Relu" or "Clip" or "Sigmoid" or "Identity" or "Dropout" or "LeakyRelu")) return null;
            node = g.MainInput(node) is { } input ? g.Producer(input) : null;
        }
        return null;
    }

    /// <summary>
    /// Swin in torchvision: the last stage writes N×H×W×C, a LayerNorm follows, then a permute to
    /// N×C×H×W. Explain the stage's output, read channels-last.
    /// </summary>
    private static LayerChoice ChannelsLastStage(GraphFacts g, Node permute)
    {
        string v = g.MainInput(permute)!;
        var norm = g.OwnerOf(v);
        if (norm is not null && norm.Nodes.Any(n => n.OpType is "LayerNormalization" or "ReduceMean"))
        {
            var inside = norm.Nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
            v = norm.Nodes.SelectMany(n => n.Inputs).FirstOrDefault(i => g.IsActivation(i) && !inside.Contains(i)) ?? v;
        }
        else if (g.Producer(v) is { OpType: "LayerNormalization" } ln)
        {
            v = g.MainInput(ln) ?? v;
        }
        return new LayerChoice(g.NameOf(v), [v], FeatureLayout.ChannelsLast, "the last stage, channels-last (a Swin-style model)");
    }

    /// <summary>A LayerNorm's output: the op itself, or the last node of a module that computes one from ReduceMean (older opsets).</summary>
    private static bool IsNormOutput(GraphFacts g, string value)
    {
        var producer = g.Producer(value);
        if (producer is null) return false;
        if (producer.OpType == "LayerNormalization") return true;
        var owner = g.OwnerOf(value);
        return owner is not null && owner.OutputValues.Contains(value) && owner.Nodes.Any(n => n.OpType == "ReduceMean")
               && owner.Nodes.All(n => !g.IsWeighted(n));
    }
}
