using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Detection.Heads;

/// <summary>
/// torchvision's detection models as <c>torch.onnx.export</c> writes them (SSD, SSDlite, Faster
/// R-CNN, RetinaNet, FCOS in <c>torchvision.models.detection</c>): one unbatched [3, H, W] image
/// in, RGB in [0, 1] (the graph normalises and resizes it itself), and three outputs for the
/// kept detections: boxes [N, 4] (x0, y0, x1, y1 in input pixels), scores [N] and labels [N]
/// (int64, torchvision's class index, 0 = background), N data-dependent. The outputs are told
/// apart by type and rank, not by name or order: Faster R-CNN's result dict is ordered boxes,
/// labels, scores, SSD's boxes, scores, labels, and exporters name them by hand. The graph has
/// already run NMS, TopK and (Faster R-CNN) RoIAlign over the proposals, so a row's gradient
/// follows only the box the graph chose: these boxes are explained black-box (D-RISE).
/// </summary>
public sealed class TorchvisionHead : DetectionHead
{
    private const int ScoreChannel = 4, LabelChannel = 5, Packed = 6;

    /// <summary>Used when the graph does not show its class count: torchvision's COCO list (91 ids, background first).</summary>
    public const int CocoClasses = 91;

    /// <summary>The operators that pick boxes inside torchvision's graphs.</summary>
    private static readonly string[] Selectors = ["NonMaxSuppression", "TopK", "RoiAlign"];

    private readonly string _selectors;

    public TorchvisionHead(int boxesIndex, int scoresIndex, int labelsIndex, int classes, int inputWidth, int inputHeight, IReadOnlyList<string>? selectors = null)
        : base(boxesIndex, [1, 1, Packed], channelsFirst: false, boxChannel: 0, classChannel: ScoreChannel, inputWidth, inputHeight)
    {
        _selectors = selectors is { Count: > 0 } ? string.Join(", ", selectors) : "NonMaxSuppression";
        if (classes < 2) throw new InputException($"A torchvision detector has a background and at least one class; got {classes} classes.");
        ScoresIndex = scoresIndex;
        LabelsIndex = labelsIndex;
        Classes = classes;
    }

    public override HeadKind Kind => HeadKind.Torchvision;

    /// <summary>Which graph output holds the scores.</summary>
    public int ScoresIndex { get; }

    /// <summary>Which graph output holds the labels.</summary>
    public int LabelsIndex { get; }

    /// <summary>The graph has already suppressed overlapping boxes.</summary>
    public override bool NmsFree => true;

    public override string? BlackBoxReason =>
        $"its boxes come out of {_selectors} inside the graph, which pick boxes and pass no gradient to that choice";

    /// <summary>
    /// Recognises the three outputs among the model's: the float [N, 4] boxes, the float [N]
    /// scores and the int64 [N] labels, each exactly once. Null when they are not there.
    /// </summary>
    public static TorchvisionHead? TryCreate(Model model, Plan plan, int inputHeight, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(model);
        var roles = new[] { -1, -1, -1 };  // boxes, scores, labels
        var outputs = model.Onnx.Outputs;
        for (int k = 0; k < outputs.Count; k++)
        {
            int role = RoleOf(outputs[k]);
            if (role < 0) continue;
            if (roles[role] >= 0) return null;  // two candidates for one role: not this layout
            roles[role] = k;
        }
        if (roles.Any(r => r < 0)) return null;
        int classes = TorchvisionClasses.Find(model.Graph, plan) ?? CocoClasses;
        var ops = Subgraph.Flatten(model.Graph.Nodes).Select(n => n.OpType).ToHashSet(StringComparer.Ordinal);  // NMS sits in If branches
        var selectors = Selectors.Where(ops.Contains).ToList();
        return new TorchvisionHead(roles[0], roles[1], roles[2], classes, inputWidth, inputHeight, selectors);
    }

    /// <summary>0 for float [N, 4] boxes, 1 for float [N] scores, 2 for int64 [N] labels, else -1.</summary>
    private static int RoleOf(ValueSpec spec) => spec switch
    {
        { Type: DataType.Float32, Shape: [_, 4] } => 0,
        { Type: DataType.Float32, Shape: [_] } => 1,
        { Type: DataType.Int64, Shape: [_] } => 2,
        _ => -1,
    };

    /// <summary>The three outputs packed as [1, N, 6] rows of x0, y0, x1, y1, score, label, which the base class indexes.</summary>
    public override Tensor OutputOf(IReadOnlyList<Tensor> outputs)
    {
        int needed = Math.Max(OutputIndex, Math.Max(ScoresIndex, LabelsIndex)) + 1;
        if (outputs.Count < needed) throw new InputException($"The torchvision head reads outputs {OutputIndex}, {ScoresIndex} and {LabelsIndex}, but the model gave {outputs.Count}.");
        Tensor boxes = outputs[OutputIndex], scores = outputs[ScoresIndex], labels = outputs[LabelsIndex];
        int n = scores.Length;
        if (boxes.Type != DataType.Float32 || boxes.Shape is not [_, 4] || boxes.Shape[0] != n || scores.Type != DataType.Float32 || labels.Length != n)
            throw new InputException($"Outputs {OutputIndex}, {ScoresIndex} and {LabelsIndex} ([{ShapeUtil.Format(boxes.Shape)}], [{ShapeUtil.Format(scores.Shape)}], [{ShapeUtil.Format(labels.Shape)}]) are not boxes [N, 4], scores [N] and labels [N] of one N.");
        var packed = new float[n * Packed];
        ReadOnlySpan<float> b = boxes.Floats, s = scores.Floats;
        for (int i = 0; i < n; i++)
        {
            b.Slice(i * 4, 4).CopyTo(packed.AsSpan(i * Packed, 4));
            packed[i * Packed + ScoreChannel] = s[i];
            packed[i * Packed + LabelChannel] = (float)labels.GetDouble(i);
        }
        return Tensor.FromFloats(packed, 1, n, Packed);
    }

    public override int AnchorsIn(Tensor output) => output.Shape[1];

    /// <summary>The row's label, clamped into range so a corrupt label cannot index past the class names.</summary>
    private int Label(ReadOnlySpan<float> output, int row, int anchor) =>
        (int)Math.Clamp(MathF.Round(output[Index(row, anchor, LabelChannel)]), 0, Classes - 1);

    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) =>
        k == Label(output, row, anchor) ? output[Index(row, anchor, ScoreChannel)] : 0;

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight) =>
        throw new InputException($"The torchvision head's scores cannot be differentiated: {BlackBoxReason}.");

    public override (int Class, double Score) Best(ReadOnlySpan<float> output, int row, int anchor) =>
        (Label(output, row, anchor), output[Index(row, anchor, ScoreChannel)]);

    public override DetectionBox Box(ReadOnlySpan<float> output, int row, int anchor) =>
        new(output[Index(row, anchor, 0)], output[Index(row, anchor, 1)], output[Index(row, anchor, 2)], output[Index(row, anchor, 3)]);

    public override void AddBoxGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, double g0, double g1, double g2, double g3) =>
        throw new InputException($"The torchvision head's boxes cannot be differentiated: {BlackBoxReason}.");

    /// <summary>Boxes are corners; <see cref="Box"/> reads them directly.</summary>
    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th) =>
        throw new InvalidOperationException("torchvision boxes are corners; Box reads them directly.");
}
