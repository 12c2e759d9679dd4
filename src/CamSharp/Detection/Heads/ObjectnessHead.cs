namespace CamSharp.Detection.Heads;

/// <summary>
/// Heads laid out [N, A, 5+nc] = [box (4), objectness, class scores] whose score is
/// objectness × class (YOLOv5/v7, YOLOX); they differ in how the box is decoded.
/// </summary>
public abstract class ObjectnessHead(int outputIndex, int[] shape, int inputWidth, int inputHeight)
    : DetectionHead(outputIndex, shape, channelsFirst: false, boxChannel: 0, classChannel: 5, inputWidth, inputHeight)
{
    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) =>
        (double)output[Index(row, anchor, 4)] * output[Index(row, anchor, ClassChannel + k)];

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight)
    {
        int obj = Index(row, anchor, 4), cls = Index(row, anchor, ClassChannel + k);
        seed[obj] += (float)(weight * output[cls]);
        seed[cls] += (float)(weight * output[obj]);
    }
}

/// <summary>YOLOv5/v7 export: [N, A, 5+nc], cx cy w h already decoded to input pixels.</summary>
public sealed class YoloV5Head(int outputIndex, int[] shape, int inputWidth, int inputHeight)
    : ObjectnessHead(outputIndex, shape, inputWidth, inputHeight)
{
    public override HeadKind Kind => HeadKind.YoloV5;

    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th) =>
        (new(tx, 1), new(ty, 1), new(tw, 1), new(th, 1));
}
