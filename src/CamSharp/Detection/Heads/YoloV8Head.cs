namespace CamSharp.Detection.Heads;

/// <summary>
/// Ultralytics YOLOv8/v11 export: [N, 4+nc, A]; cx, cy, w, h in input pixels, then the
/// sigmoid class scores (no objectness). Score = the class score.
/// </summary>
public sealed class YoloV8Head(int outputIndex, int[] shape, int inputWidth, int inputHeight)
    : DetectionHead(outputIndex, shape, channelsFirst: true, boxChannel: 0, classChannel: 4, inputWidth, inputHeight)
{
    public override HeadKind Kind => HeadKind.YoloV8;

    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th) =>
        (new(tx, 1), new(ty, 1), new(tw, 1), new(th, 1));

    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) => output[Index(row, anchor, ClassChannel + k)];

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight) =>
        seed[Index(row, anchor, ClassChannel + k)] += (float)weight;
}
