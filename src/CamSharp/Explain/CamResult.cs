namespace CamSharp.Explain;

/// <summary>
/// The maps of one CAM computation: per image the final map in [0, 1] at the input
/// tensor's size, and per layer the raw low-resolution map and channel weights.
/// </summary>
public sealed class CamResult
{
    internal CamResult(int height, int width, float[][] maps, IReadOnlyList<CamLayerResult> layers, float[] scores, IReadOnlyList<Tensors.Tensor>? outputs = null)
    {
        Outputs = outputs ?? [];
        Height = height;
        Width = width;
        Maps = maps;
        Layers = layers;
        Scores = scores;
    }

    /// <summary>Height of the maps (the input tensor's).</summary>
    public int Height { get; }

    public int Width { get; }

    /// <summary>One H×W map per image, values in [0, 1].</summary>
    public IReadOnlyList<float[]> Maps { get; }

    public IReadOnlyList<CamLayerResult> Layers { get; }

    /// <summary>The target's value per image.</summary>
    public IReadOnlyList<float> Scores { get; }

    /// <summary>
    /// The model's outputs for the batch, as the forward pass the maps came from computed them
    /// (one row per image; for a classifier the logits). Empty for methods that never run the
    /// model on the plain input alone (RISE, D-RISE: their passes are all masked).
    /// </summary>
    public IReadOnlyList<Tensors.Tensor> Outputs { get; }
}

/// <summary>One layer's contribution: raw maps (before ReLU, normalisation and resizing) and weights per image.</summary>
public sealed record CamLayerResult(string Value, int Height, int Width, IReadOnlyList<float[]> RawMaps, IReadOnlyList<float[]?> Weights);
