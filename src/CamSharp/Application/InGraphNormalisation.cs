using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>
/// Finds the mean/std normalisation an export does itself at the start of its graph:
/// <c>(image - mean[:, None, None]) / std[:, None, None]</c>, as torchvision's detection models
/// (<c>GeneralizedRCNNTransform.normalize</c>, SSD's transform) export it, a Sub then a Div by
/// per-channel constants right after the input. Such a model takes the image in [0, 1]; the
/// caller must not normalise it again.
/// </summary>
internal static class InGraphNormalisation
{
    private const int MaxSteps = 4;

    /// <summary>The mean and std the graph applies to its input, or null when it does not start that way.</summary>
    public static (float[] Mean, float[] Std)? Find(GraphFacts g)
    {
        string value = g.Model.Session.InputName;
        for (int step = 0; step < MaxSteps; step++)
        {
            var readers = g.Consumers(value).ToList();
            if (readers.Count != 1) return null;
            var node = readers[0];
            if (node.OpType == "Sub" && node.Inputs[0] == value && Channels(g, node.Inputs[1]) is { } mean)
            {
                var divide = g.Consumers(node.Outputs[0]).ToList();
                return divide is [{ OpType: "Div" } div] && div.Inputs[0] == node.Outputs[0] && Channels(g, div.Inputs[1]) is { } std
                    ? (mean, std) : null;
            }
            // torchvision's transform indexes and reshapes the image list before normalising it.
            if (node.OpType is not ("Identity" or "Cast" or "Unsqueeze" or "Squeeze" or "Reshape" or "Gather")) return null;
            value = node.Outputs[0];
        }
        return null;
    }

    /// <summary>The three per-channel values of a constant, or null.</summary>
    private static float[]? Channels(GraphFacts g, string name)
    {
        var graph = g.Model.Graph;
        if (!graph.HasValue(name)) return null;
        int id = graph.ValueId(name);
        var t = g.Plan.Constants[id] ?? graph.Initializers[id];
        if (t is null || t.Type != DataType.Float32 || t.Length != 3) return null;
        return t.Floats.ToArray();
    }
}
