using CamSharp.Tensors;

namespace CamSharp.Detection;

/// <summary>
/// A detection as D-RISE compares them (vision-explanation-methods' <c>DetectionRecord</c>): the
/// box in network-input pixels, an objectness (1 for heads without one) and a class-score vector.
/// </summary>
public sealed record DriseDetection(DetectionBox Box, float Objectness, float[] ClassScores)
{
    /// <summary>
    /// vision-explanation-methods' <c>expand_class_scores</c>, for detectors that give a label and
    /// a score: the score at the label, (1 − score) / classes in each of the classes + 1 slots.
    /// </summary>
    public static DriseDetection FromLabel(DetectionBox box, int label, float score, int classes)
    {
        var scores = new float[classes + 1];
        Array.Fill(scores, (1f - score) / classes);
        scores[label] = score;
        return new DriseDetection(box, 1f, scores);
    }

    /// <summary>IoU × objectness product × cosine of the class vectors (<c>compute_affinity_matrix</c>).</summary>
    public double Affinity(DriseDetection other)
    {
        double cos = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(ClassScores, other.ClassScores);
        return DetectionBox.IoU(Box, other.Box) * Objectness * other.Objectness * cos;
    }
}

/// <summary>The detections of batch row <c>row</c> of a model's outputs (any decoder, including NMS inside the graph).</summary>
public delegate IReadOnlyList<DriseDetection> DetectionReader(IReadOnlyList<Tensor> outputs, int row);

/// <summary>Readers from CamSharp's own decoders.</summary>
public static class DetectionReaders
{
    /// <summary>The head's kept boxes (<see cref="Detector"/>: threshold, NMS), each with its label and score expanded.</summary>
    public static DetectionReader FromHead(DetectionHead head, DetectionOptions options) => (outputs, row) =>
        Detector.Detect(head, outputs, null, options, row)
            .Select(d => DriseDetection.FromLabel(d.InputBox, d.Class, d.Score, head.Classes)).ToList();
}
