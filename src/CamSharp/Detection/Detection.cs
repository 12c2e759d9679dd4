namespace CamSharp.Detection;

/// <summary>
/// One kept box: its class, score, the anchor (index in the raw output) that predicted it,
/// the box in network-input pixels and in original-image pixels.
/// </summary>
public sealed record Detection(int Class, float Score, int Anchor, DetectionBox InputBox, DetectionBox Box);

/// <summary>Thresholds of the post-processing, validated at construction.</summary>
public sealed record DetectionOptions
{
    public DetectionOptions(float scoreThreshold = 0.3f, float iouThreshold = 0.45f, int topK = -1)
    {
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(scoreThreshold), scoreThreshold, "The score threshold must be in 0..1.");
        if (!(iouThreshold >= 0 && iouThreshold <= 1)) throw new ArgumentOutOfRangeException(nameof(iouThreshold), iouThreshold, "The IoU threshold must be in 0..1.");
        if (topK < -1 || topK == 0) throw new ArgumentOutOfRangeException(nameof(topK), topK, "The box count must be positive, or -1 for all boxes.");
        ScoreThreshold = scoreThreshold;
        IouThreshold = iouThreshold;
        TopK = topK;
    }

    /// <summary>Anchors whose score is strictly above this are candidates.</summary>
    public float ScoreThreshold { get; }

    /// <summary>A kept box suppresses later boxes of its class with IoU strictly above this.</summary>
    public float IouThreshold { get; }

    /// <summary>How many boxes to keep after NMS; -1 keeps all.</summary>
    public int TopK { get; }
}
