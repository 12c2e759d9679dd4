namespace CamSharp.Application;

/// <summary>What a model's outputs mean, as far as explaining it goes.</summary>
public enum ModelKind
{
    /// <summary>Scores per class ([N, K]): explain a class.</summary>
    Classifier,

    /// <summary>Boxes with scores (a YOLO-family head): explain boxes.</summary>
    Detector,

    /// <summary>Class scores per pixel ([N, K, H, W] at the input size): explain a class over its pixels.</summary>
    SemanticSegmenter,

    /// <summary>A feature vector with no class head: explain its norm or its similarity to a concept.</summary>
    Embedder,

    /// <summary>Outputs that fit none of the above: layers must be named and targets given.</summary>
    Other,
}

/// <summary>How a layer's activation is laid out, so it can be read as N×C×H×W.</summary>
public enum FeatureLayout
{
    /// <summary>N×C×H×W, as convolutions write it.</summary>
    ChannelsFirst,

    /// <summary>Transformer tokens N×T×C: extra tokens first, then an h×w grid (ViT, DeiT).</summary>
    Tokens,

    /// <summary>N×H×W×C (Swin, ConvNeXt blocks in torchvision).</summary>
    ChannelsLast,

    /// <summary>N×C×D×H×W: a video clip's frames.</summary>
    Volume,
}
