using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX NonMaxSuppression: per batch and class, boxes with score above score_threshold are
/// taken in falling score order (lower index first on ties) and kept unless their IoU with
/// a kept box exceeds iou_threshold, up to max_output_boxes_per_class (absent or 0: none).
/// Boxes are [y1, x1, y2, x2] with corners in any order, or [x_center, y_center, w, h] with
/// center_point_box = 1. Output: int64 [count, 3] rows of (batch, class, box), a count
/// known only at run time unless every input is constant.
/// </summary>
internal sealed class NonMaxSuppression(Node node) : Operator(node)
{
    private readonly bool _centers = node.Attributes.GetInt("center_point_box", 0) != 0;

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var boxes = ctx.Input(0);
        var scores = ctx.Input(1);
        if (boxes.Type != DataType.Float32 || scores.Type != DataType.Float32) throw Error($"boxes and scores are {boxes.Type} and {scores.Type}, expected Float32.");
        if (boxes.Rank != 3 || boxes.Shape[2] != 4 || scores.Rank != 3 || scores.Shape[0] != boxes.Shape[0] || scores.Shape[2] != boxes.Shape[1])
            throw Error($"boxes {ShapeArgs.Format(boxes.Shape)} and scores {ShapeArgs.Format(scores.Shape)} must be [B, N, 4] and [B, C, N].");
        var inputs = Enumerable.Range(0, ctx.InputCount).Select(ctx.Constant).ToArray();
        if (inputs.Take(2).Any(t => t is null) || Enumerable.Range(2, Math.Max(ctx.InputCount - 2, 0)).Any(i => ctx.HasInput(i) && inputs[i] is null))
        {
            ctx.SetDynamicOutput(0, DataType.Int64);
            return;
        }
        ctx.SetOutput(0, DataType.Int64, [Select(inputs).Count, 3]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var selected = Select(Enumerable.Range(0, ctx.InputCount).Select(ctx.OptionalInput).ToArray());
        var y = ctx.Output(0).Longs;
        if (y.Length != selected.Count * 3) throw Error("the inputs changed between shape inference and the run.");
        for (int i = 0; i < selected.Count; i++)
        {
            y[3 * i] = selected[i].Batch;
            y[3 * i + 1] = selected[i].Class;
            y[3 * i + 2] = selected[i].Box;
        }
    }

    private List<(int Batch, int Class, int Box)> Select(Tensor?[] inputs)
    {
        var boxes = inputs[0]!;
        var scores = inputs[1]!;
        long max = Scalar(inputs, 2, "max_output_boxes_per_class")?.Longs[0] ?? 0;
        float iouThreshold = Scalar(inputs, 3, "iou_threshold")?.Floats[0] ?? 0;
        float? scoreThreshold = Scalar(inputs, 4, "score_threshold")?.Floats[0];
        if (iouThreshold is < 0 or > 1) throw Error($"iou_threshold {iouThreshold} is outside [0, 1].");
        int batches = boxes.Shape[0], n = boxes.Shape[1], classes = scores.Shape[1];
        var result = new List<(int, int, int)>();
        if (max <= 0) return result;
        var b = boxes.Floats;
        var s = scores.Floats;
        var order = new List<int>(n);
        var kept = new List<int>();
        for (int bi = 0; bi < batches; bi++)
            for (int c = 0; c < classes; c++)
            {
                int row = (bi * classes + c) * n;
                order.Clear();
                for (int i = 0; i < n; i++)
                    if (scoreThreshold is not { } t || s[row + i] > t) order.Add(i);
                order.Sort((p, q) => scores.Floats[row + p] != scores.Floats[row + q] ? scores.Floats[row + q].CompareTo(scores.Floats[row + p]) : p.CompareTo(q));
                kept.Clear();
                foreach (int i in order)
                {
                    if (kept.Count >= max) break;
                    var box = Corners(b.Slice((bi * n + i) * 4, 4));
                    bool suppressed = false;
                    foreach (int k in kept)
                        if (IoU(box, Corners(b.Slice((bi * n + k) * 4, 4))) > iouThreshold)
                        {
                            suppressed = true;
                            break;
                        }
                    if (suppressed) continue;
                    kept.Add(i);
                    result.Add((bi, c, i));
                }
            }
        return result;
    }

    private Tensor? Scalar(Tensor?[] inputs, int i, string name)
    {
        if (i >= inputs.Length || inputs[i] is not { } t) return null;
        if (t.Length != 1) throw Error($"{name} has shape [{ShapeUtil.Format(t.Shape)}], expected one value.");
        var want = i == 2 ? DataType.Int64 : DataType.Float32;
        if (t.Type != want) throw Error($"{name} is {t.Type}, expected {want}.");
        return t;
    }

    /// <summary>(y1, x1, y2, x2) with y1 ≤ y2 and x1 ≤ x2.</summary>
    private (float Y1, float X1, float Y2, float X2) Corners(ReadOnlySpan<float> v)
    {
        if (_centers) return (v[1] - v[3] / 2, v[0] - v[2] / 2, v[1] + v[3] / 2, v[0] + v[2] / 2);
        return (Math.Min(v[0], v[2]), Math.Min(v[1], v[3]), Math.Max(v[0], v[2]), Math.Max(v[1], v[3]));
    }

    private static float IoU((float Y1, float X1, float Y2, float X2) a, (float Y1, float X1, float Y2, float X2) b)
    {
        float areaA = (a.Y2 - a.Y1) * (a.X2 - a.X1), areaB = (b.Y2 - b.Y1) * (b.X2 - b.X1);
        if (areaA <= 0 || areaB <= 0) return 0;
        float h = Math.Max(0, Math.Min(a.Y2, b.Y2) - Math.Max(a.Y1, b.Y1));
        float w = Math.Max(0, Math.Min(a.X2, b.X2) - Math.Max(a.X1, b.X1));
        float inter = h * w;
        return inter / (areaA + areaB - inter);
    }
}
