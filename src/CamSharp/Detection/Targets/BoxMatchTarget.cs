using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Detection.Targets;

/// <summary>
/// MMYOLO's and pytorch-grad-cam's box-matching target: for each kept box, the prediction of
/// the current output with the same label (its argmax class) and the highest IoU with the box
/// contributes IoU + score when that IoU exceeds <c>MatchIoU</c>. Differentiable through the
/// score and, via the predicted box coordinates, through the IoU. The kept boxes are fixed
/// (network-input pixels); the predictions move with the outputs (e.g. under ablation).
/// </summary>
public sealed class BoxMatchTarget(DetectionHead head, IReadOnlyList<Detection> boxes, double matchIoU = 0.5) : OutputTarget, IBoxTarget
{
    public DetectionHead Head => head;

    public IReadOnlyList<Detection> Boxes { get; } = boxes;

    public double MatchIoU { get; } = matchIoU;

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        ReadOnlySpan<float> output = head.OutputOf(outputs).Floats;
        var seed = seeds[head.OutputIndex].Floats;
        var labels = new int[head.Anchors];
        for (int a = 0; a < head.Anchors; a++) labels[a] = head.Best(output, row, a).Class;

        double sum = 0;
        foreach (var box in Boxes)
        {
            int match = -1;
            double bestIoU = MatchIoU;
            for (int a = 0; a < head.Anchors; a++)
            {
                if (labels[a] != box.Class) continue;
                double iou = DetectionBox.IoU(head.Box(output, row, a), box.InputBox);
                if (iou > bestIoU) (match, bestIoU) = (a, iou);
            }
            if (match < 0) continue;
            var (value, d0, d1, d2, d3) = IoUGradient.Of(head.Box(output, row, match), box.InputBox);
            sum += value + head.ClassScore(output, row, match, box.Class);
            head.AddBoxGradient(output, seed, row, match, d0, d1, d2, d3);
            head.AddClassScoreGradient(output, seed, row, match, box.Class, 1);
        }
        return (float)sum;
    }

    public override string ToString() => $"IoU + score of {Boxes.Count} matched box(es)";
}
