using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;

namespace CamSharp.Detection;

/// <summary>Decodes a detector's raw output into kept boxes: threshold, boxes back to the original image, NMS (unless the head is end-to-end).</summary>
public static class Detector
{
    /// <summary>
    /// The detections of batch row <paramref name="row"/>. One label per anchor (the first
    /// argmax); anchors scoring strictly above the threshold are boxed, carried back through
    /// <paramref name="geometry"/> (input pixels when it is null) and suppressed there; the kept
    /// boxes are then clipped to the image, as Ultralytics' <c>scale_boxes</c> and MMYOLO's heads
    /// clip after NMS (a box reaching past the border is reported up to the border).
    /// </summary>
    public static List<Detection> Detect(DetectionHead head, IReadOnlyList<Tensor> outputs, InputGeometry? geometry, DetectionOptions options, int row = 0)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(options);
        var tensor = head.OutputOf(outputs);
        ReadOnlySpan<float> output = tensor.Floats;
        var candidates = new List<Detection>();
        for (int a = 0, anchors = head.AnchorsIn(tensor); a < anchors; a++)
        {
            var (cls, score) = head.Best(output, row, a);
            if (!(score > options.ScoreThreshold)) continue;
            var box = head.Box(output, row, a);
            var source = geometry is null ? box : ToSource(geometry, box);
            candidates.Add(new Detection(cls, (float)score, a, box, source));
        }
        // An end-to-end head's rows are final: ordered and capped, never suppressed.
        var kept = Nms.ClassAware(candidates, head.NmsFree ? double.PositiveInfinity : options.IouThreshold, options.TopK);
        return kept.Select(d => d with { Box = Clip(d.Box, geometry?.SourceWidth ?? head.InputWidth, geometry?.SourceHeight ?? head.InputHeight) }).ToList();
    }

    private static DetectionBox Clip(DetectionBox b, int width, int height) => new(
        Math.Clamp(b.X0, 0, width), Math.Clamp(b.Y0, 0, height), Math.Clamp(b.X1, 0, width), Math.Clamp(b.Y1, 0, height));

    private static DetectionBox ToSource(InputGeometry geometry, DetectionBox box)
    {
        var (x0, y0, x1, y1) = geometry.BoxToSource(box.X0, box.Y0, box.X1, box.Y1, clip: false);
        return new DetectionBox(x0, y0, x1, y1);
    }
}
