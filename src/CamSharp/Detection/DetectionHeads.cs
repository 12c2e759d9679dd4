using CamSharp.Detection.Heads;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Detection;

/// <summary>
/// Chooses the head that decodes a model's output from the output shapes at a given input
/// size: [N, 4+nc, A] is YOLOv8; [N, A, 5+nc] is YOLOX when A equals the cell count of the
/// stride 8/16/32 grids, else YOLOv5/v7 (three anchors per cell); [N, 5+nc, H, W] is the tiny
/// fixture detector when a Conv writes it (raw logits), else FastestDet (activated outputs);
/// [N, K, 6] written after a TopK is the end-to-end head of YOLOv10/YOLO26; float boxes [N, 4],
/// float scores [N] and int64 labels [N] are a torchvision detector's (<see cref="TorchvisionHead"/>).
/// </summary>
public static class DetectionHeads
{
    public static DetectionHead Recognise(Model model, int inputHeight, int inputWidth, HeadKind? kind = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var plan = model.Session.GetPlan(model.TakesOneImage ? [3, inputHeight, inputWidth] : [1, 3, inputHeight, inputWidth]);
        if (kind is (null or HeadKind.Torchvision) && TorchvisionHead.TryCreate(model, plan, inputHeight, inputWidth) is { } torchvision) return torchvision;
        var seen = new List<string>();
        for (int k = 0; k < model.Graph.OutputNames.Count; k++)
        {
            string name = model.Graph.OutputNames[k];
            // Outputs after a NonMaxSuppression have data-dependent shapes at plan time: the file's declared shape stands in.
            if ((plan.TryShapeOf(name) ?? (model.Onnx.Outputs[k] is { IsStatic: true } declared ? declared.Shape : null)) is not { } shape) continue;
            seen.Add($"'{name}' [{ShapeUtil.Format(shape)}]");
            var head = TryEndToEnd(model, plan, name, k, shape, inputHeight, inputWidth, kind)
                ?? TryCreate(model.Graph, name, k, shape, inputHeight, inputWidth, kind);
            if (head is not null) return head;
        }
        string outputs = seen.Count > 0 ? string.Join(", ", seen) : "none with a known shape";
        string what = kind is { } kk ? $"The output layout does not fit the {HeadKinds.Name(kk)} head" : "No detection head layout was recognised";
        throw new HeadLayoutException($"{what} in {model.Source} (outputs: {outputs}). Known: yolov8 [N,4+nc,A], yolov5/yolox [N,A,5+nc], fastestdet/tinyyolo [N,5+nc,H,W], e2e [N,K,6], torchvision boxes+scores+labels.");
    }

    private static DetectionHead? TryCreate(Graph graph, string name, int index, int[] shape, int h, int w, HeadKind? kind)
    {
        if (shape.Length == 3)
        {
            int a = shape[1], b = shape[2];
            if (kind == HeadKind.YoloV8 ? a > 4 : kind is null && a > 4 && a < b)
                return new YoloV8Head(index, shape, w, h);
            bool rows = b > 5 && (kind is HeadKind.YoloV5 or HeadKind.Yolox || (kind is null && b < a));
            if (!rows) return null;
            var chosen = kind ?? (a == YoloxHead.Cells(w, h).Length ? HeadKind.Yolox : HeadKind.YoloV5);
            return chosen == HeadKind.Yolox ? new YoloxHead(index, shape, w, h) : new YoloV5Head(index, shape, w, h);
        }
        if (shape.Length == 4 && shape[1] > 5 && shape[2] > 1 && shape[3] > 1 && kind is null or HeadKind.FastestDet or HeadKind.TinyYolo)
        {
            var chosen = kind ?? (WrittenByConv(graph, name) ? HeadKind.TinyYolo : HeadKind.FastestDet);
            return chosen == HeadKind.TinyYolo ? new TinyYoloHead(index, shape, w, h) : new FastestDetHead(index, shape, w, h);
        }
        return null;
    }

    private static EndToEndHead? TryEndToEnd(Model model, Plan plan, string name, int index, int[] shape, int h, int w, HeadKind? kind)
    {
        if (kind is not (null or HeadKind.EndToEnd) || shape is not [_, > 0, 6]) return null;
        var (topK, classes) = EndToEndClasses(model.Graph, plan, name);
        if (!topK) return null;
        int? count = classes ?? model.Onnx.ClassNames?.Count;
        return count is > 0 and int nc ? new EndToEndHead(index, shape, nc, w, h) : null;
    }

    /// <summary>
    /// Whether a TopK lies upstream of the output, and the class count where a ReduceMax (each
    /// anchor's best score, as Ultralytics' postprocess takes it) feeds one: the last axis of its [N, A, nc] input.
    /// </summary>
    private static (bool TopK, int? Classes) EndToEndClasses(Graph graph, Plan plan, string output)
    {
        bool topK = false;
        int? classes = null;
        var seen = new HashSet<int>();
        var pending = new Stack<int>([graph.ValueId(output)]);
        while (pending.Count > 0)
        {
            int producer = graph.Producer[pending.Pop()];
            if (producer < 0 || !seen.Add(producer)) continue;
            var inputs = graph.NodeInputs[producer];
            if (graph.Nodes[producer].OpType == "TopK" && inputs[0] >= 0)
            {
                topK = true;
                int reduce = graph.Producer[inputs[0]];
                if (reduce >= 0 && graph.Nodes[reduce].OpType == "ReduceMax" && graph.NodeInputs[reduce][0] is int scores and >= 0
                    && plan.TryShapeOf(graph.ValueName(scores)) is [_, _, var nc])
                    classes = nc;
            }
            foreach (int v in inputs) if (v >= 0) pending.Push(v);
        }
        return (topK, classes);
    }

    private static bool WrittenByConv(Graph graph, string value)
    {
        int producer = graph.Producer[graph.ValueId(value)];
        return producer >= 0 && graph.Nodes[producer].OpType == "Conv";
    }
}
