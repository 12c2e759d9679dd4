using CamSharp.Engine;

namespace CamSharp.Detection.Heads;

/// <summary>
/// The end-to-end output of YOLOv10 and YOLO26 exports: [N, K, 6] rows of x0, y0, x1, y1 (input
/// pixels), score, class index, written by Ultralytics' <c>postprocess</c> (TopK over each
/// anchor's best score, GatherElements, TopK over the flattened scores, index // nc and
/// index % nc). A row's score is a value the TopK passed through from the one-to-one head's
/// sigmoid scores, so its gradient is that pre-TopK score's gradient: explaining a row
/// explains the score before TopK. Rows are final detections: no NMS follows.
/// </summary>
public sealed class EndToEndHead : DetectionHead
{
    private const int ScoreChannel = 4, LabelChannel = 5;

    public EndToEndHead(int outputIndex, int[] shape, int classes, int inputWidth, int inputHeight)
        : base(outputIndex, shape, channelsFirst: false, boxChannel: 0, classChannel: ScoreChannel, inputWidth, inputHeight)
    {
        if (shape is not [_, _, 6]) throw new InputException($"An end-to-end output is [N, K, 6], got [{string.Join(", ", shape)}].");
        if (classes < 1) throw new InputException($"An end-to-end head needs the class count, got {classes}.");
        Classes = classes;
    }

    public override HeadKind Kind => HeadKind.EndToEnd;

    public override bool NmsFree => true;

    /// <summary>The row's class, clamped into range so a corrupt label cannot index past the class names.</summary>
    private int Label(ReadOnlySpan<float> output, int row, int anchor) =>
        (int)Math.Clamp(MathF.Round(output[Index(row, anchor, LabelChannel)]), 0, Classes - 1);

    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) =>
        k == Label(output, row, anchor) ? output[Index(row, anchor, ScoreChannel)] : 0;

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight)
    {
        if (k == Label(output, row, anchor)) seed[Index(row, anchor, ScoreChannel)] += (float)weight;
    }

    public override (int Class, double Score) Best(ReadOnlySpan<float> output, int row, int anchor) =>
        (Label(output, row, anchor), output[Index(row, anchor, ScoreChannel)]);

    public override DetectionBox Box(ReadOnlySpan<float> output, int row, int anchor) =>
        new(output[Index(row, anchor, 0)], output[Index(row, anchor, 1)], output[Index(row, anchor, 2)], output[Index(row, anchor, 3)]);

    public override void AddBoxGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, double g0, double g1, double g2, double g3)
    {
        seed[Index(row, anchor, 0)] += (float)g0;
        seed[Index(row, anchor, 1)] += (float)g1;
        seed[Index(row, anchor, 2)] += (float)g2;
        seed[Index(row, anchor, 3)] += (float)g3;
    }

    /// <summary>Boxes are read as they are, not decoded from centre and size.</summary>
    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th) =>
        throw new InvalidOperationException("End-to-end boxes are corners; Box reads them directly.");
}
