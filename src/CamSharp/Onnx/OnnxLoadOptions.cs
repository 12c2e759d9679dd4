namespace CamSharp.Onnx;

/// <summary>
/// How <see cref="OnnxModel.Load(string, OnnxLoadOptions?)"/> checks a model.
/// </summary>
public sealed record OnnxLoadOptions
{
    /// <summary>
    /// Which default-domain op types the engine runs; null means
    /// <see cref="Ops.OperatorRegistry.IsSupported"/>. Nodes of other domains are always unsupported.
    /// </summary>
    public Func<string, bool>? IsSupported { get; init; }

    /// <summary>Whether loading fails on unsupported operators (the structure is always checked).</summary>
    public bool CheckOperators { get; init; } = true;

    /// <summary>
    /// Caps on what the file may declare (rank, dimensions, elements, weight bytes), and the
    /// memory budget the loaded model's session plans against.
    /// </summary>
    public ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    public static OnnxLoadOptions Default { get; } = new();

    internal bool Supports(string opType) => IsSupported?.Invoke(opType) ?? Ops.OperatorRegistry.IsSupported(opType);
}
