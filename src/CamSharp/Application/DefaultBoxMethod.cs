using CamSharp.Detection;
using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// The box-map method used when none is named, and why: Hi-Res-CAM (gradient × activation, what
/// MMYOLO's box-AM Grad-CAM computes; <see cref="BoxCam.DefaultMethod"/>), except on exports
/// whose NMS runs inside the graph (a NonMaxSuppression node upstream of the detections), where
/// the graph picks the boxes and a box target's gradient cannot follow that choice: there the
/// black-box D-RISE (Petsiuk et al. 2021), which reads only the output detections.
/// </summary>
public static class DefaultBoxMethod
{
    public static (string Method, string Reason) For(Model model, DetectionHead head)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(head);
        if (head.BlackBoxReason is { } why) return ("drise", $"{why}; D-RISE explains them black-box");
        var nms = NmsUpstream(model.Graph, model.Graph.OutputNames[head.OutputIndex]);
        return nms is null
            ? (BoxCam.DefaultMethod, "gradient × activation per box, what MMYOLO's box-AM Grad-CAM computes")
            : ("drise", $"NMS runs inside this export ({nms}), so the boxes are chosen by the graph and gradients do not pass that choice; D-RISE explains them black-box");
    }

    /// <summary>The first NonMaxSuppression node found walking up from <paramref name="output"/>, or null.</summary>
    internal static Node? NmsUpstream(Graph graph, string output)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>([graph.ValueId(output)]);
        while (pending.Count > 0)
        {
            int producer = graph.Producer[pending.Pop()];
            if (producer < 0 || !seen.Add(producer)) continue;
            if (graph.Nodes[producer].OpType == "NonMaxSuppression") return graph.Nodes[producer];
            foreach (int v in graph.NodeInputs[producer]) if (v >= 0) pending.Push(v);
        }
        return null;
    }
}
