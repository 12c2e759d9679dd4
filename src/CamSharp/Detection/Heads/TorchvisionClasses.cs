using CamSharp.Engine;

namespace CamSharp.Detection.Heads;

/// <summary>
/// The class count of a torchvision detector (background included), read from the graph: the
/// class axis is the last axis of the scores its heads activate — Softmax in SSD and in Faster
/// R-CNN's box predictor, Sigmoid in RetinaNet and FCOS (FCOS's centerness is one value per
/// anchor, so it never wins).
/// </summary>
internal static class TorchvisionClasses
{
    /// <summary>
    /// The widest class axis a Softmax activates (SSD, Faster R-CNN), else a Sigmoid (RetinaNet,
    /// FCOS; Faster R-CNN's RPN also ends in a Sigmoid, over anchors, so Softmax goes first);
    /// null when none is visible at plan time.
    /// </summary>
    public static int? Find(Graph graph, Plan plan) => Widest(graph, plan, "Softmax") ?? Widest(graph, plan, "Sigmoid");

    private static int? Widest(Graph graph, Plan plan, string opType)
    {
        int best = 0;
        for (int n = 0; n < graph.Nodes.Count; n++)
        {
            if (graph.Nodes[n].OpType != opType) continue;
            int input = graph.NodeInputs[n][0];
            if (input < 0) continue;
            int width = plan.TryShapeOf(graph.ValueName(input)) is [_, .., var last] ? last : ProjectedWidth(graph, plan, input);
            if (width > 1) best = Math.Max(best, width);
        }
        return best > 0 ? best : null;
    }

    /// <summary>
    /// The output width of the Gemm that writes a value, from its weight (Faster R-CNN's
    /// <c>cls_score</c> runs on a data-dependent number of proposals, so only the weight's shape is known).
    /// </summary>
    private static int ProjectedWidth(Graph graph, Plan plan, int value)
    {
        int producer = graph.Producer[value];
        if (producer < 0 || graph.Nodes[producer].OpType != "Gemm") return 0;
        var node = graph.Nodes[producer];
        if (node.Inputs.Length < 2 || plan.TryShapeOf(node.Inputs[1]) is not [int rows, int cols]) return 0;
        return node.Attributes.GetInt("transB", 0) != 0 ? rows : cols;
    }
}
