using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Detection.Targets;

/// <summary>
/// The raw score of each kept box's own prediction, summed: the score at the box's anchor
/// for its class (a class logit or score, objectness × class, or for the tiny detector the
/// objectness logit + class logit), for gradient methods.
/// </summary>
public sealed class BoxScoreTarget(DetectionHead head, IReadOnlyList<Detection> boxes) : OutputTarget, IBoxTarget
{
    public DetectionHead Head => head;

    public IReadOnlyList<Detection> Boxes { get; } = boxes;

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        ReadOnlySpan<float> output = head.OutputOf(outputs).Floats;
        var seed = seeds[head.OutputIndex].Floats;
        double sum = 0;
        foreach (var box in Boxes)
        {
            sum += head.RawScore(output, row, box.Anchor, box.Class);
            head.AddRawScoreGradient(output, seed, row, box.Anchor, box.Class, 1);
        }
        return (float)sum;
    }

    public override string ToString() => $"raw score of {Boxes.Count} box(es)";
}
