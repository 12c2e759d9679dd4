using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// What a method may use beyond its layer: the model, the input, the forward pass (for
/// re-running downstream of a layer), the targets and the options. Methods record their
/// channel weights here so callers can inspect them.
/// </summary>
public sealed class CamContext
{
    private readonly Dictionary<(string Layer, int Image), float[]> _weights = [];

    internal CamContext(Model model, Tensor input, ForwardPass pass, IReadOnlyList<OutputTarget> targets, CamOptions options)
    {
        Model = model;
        Input = input;
        Pass = pass;
        Targets = targets;
        Options = options;
    }

    public Model Model { get; }

    /// <summary>The N×C×H×W tensor fed to the model.</summary>
    public Tensor Input { get; }

    /// <summary>The forward pass with the layers tapped (and prepared for RunFrom where the method asked).</summary>
    public ForwardPass Pass { get; }

    /// <summary>One target per image.</summary>
    public IReadOnlyList<OutputTarget> Targets { get; }

    public CamOptions Options { get; }

    /// <summary>Keeps a method's channel weights for image <paramref name="b"/> of a layer.</summary>
    public void RecordWeights(CamLayer layer, int b, float[] weights) => _weights[(layer.Value, b)] = weights;

    internal float[]? WeightsOf(string layer, int b) => _weights.GetValueOrDefault((layer, b));
}
