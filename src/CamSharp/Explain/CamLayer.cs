using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// One target layer's captured values for a batch, as N×C×h×w float tensors (token
/// layouts are reshaped before methods see them).
/// </summary>
public sealed class CamLayer
{
    public CamLayer(string value, Tensor activations, Tensor? gradients)
    {
        if (activations.Rank != 4)
            throw new Engine.InputException($"Layer '{value}' has shape [{ShapeUtil.Format(activations.Shape)}]; CAM methods need N×C×H×W (read token or channels-last layouts through an ActivationReshape).");
        Value = value;
        Activations = activations;
        Gradients = gradients;
    }

    /// <summary>The graph value the layer stands for (for stacked levels, their names joined by " + ").</summary>
    public string Value { get; }

    /// <summary>
    /// For several layers stacked into one (<see cref="LevelStack"/>): which channels came from
    /// which value. Null for a plain layer.
    /// </summary>
    public IReadOnlyList<CamLayerLevel>? Levels { get; init; }

    public Tensor Activations { get; }

    /// <summary>d(target)/d(activations), when the method uses gradients.</summary>
    public Tensor? Gradients { get; }

    public int Batch => Activations.Shape[0];

    public int Channels => Activations.Shape[1];

    public int Height => Activations.Shape[2];

    public int Width => Activations.Shape[3];

    public int Pixels => Height * Width;

    /// <summary>Channel c of image b of the activations.</summary>
    public ReadOnlySpan<float> A(int b, int c) => Activations.Floats.Slice((b * Channels + c) * Pixels, Pixels);

    /// <summary>Channel c of image b of the gradients.</summary>
    public ReadOnlySpan<float> G(int b, int c) =>
        (Gradients ?? throw new InvalidOperationException("This method needs gradients but none were computed.")).Floats.Slice((b * Channels + c) * Pixels, Pixels);
}

/// <summary>Channels [FirstChannel, FirstChannel + Channels) of a stacked layer come from graph value <c>Value</c>.</summary>
public sealed record CamLayerLevel(string Value, int FirstChannel, int Channels);
