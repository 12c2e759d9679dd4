namespace CamSharp.Onnx;

/// <summary>
/// How <see cref="OnnxModel.Load(string, OnnxLoadOptions?)"/> checks a model. Limits are
/// validated when set, so an options object is always usable.
/// </summary>
public sealed record OnnxLoadOptions
{
    private readonly long _maxInitializerBytes = 4L << 30;
    private readonly int _maxRank = 8;
    private readonly long _maxDimension = int.MaxValue;

    /// <summary>
    /// Which default-domain op types the engine runs; null means
    /// <see cref="Ops.OperatorRegistry.IsSupported"/>. Nodes of other domains are always unsupported.
    /// </summary>
    public Func<string, bool>? IsSupported { get; init; }

    /// <summary>Whether loading fails on unsupported operators (the structure is always checked).</summary>
    public bool CheckOperators { get; init; } = true;

    /// <summary>Cap on the memory that all constant tensors take once loaded (after widening).</summary>
    public long MaxInitializerBytes
    {
        get => _maxInitializerBytes;
        init => _maxInitializerBytes = value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxInitializerBytes), value, "must be positive");
    }

    /// <summary>Largest rank a tensor or value may declare.</summary>
    public int MaxRank
    {
        get => _maxRank;
        init => _maxRank = value is >= 0 and <= 64 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRank), value, "must be in 0..64");
    }

    /// <summary>Largest single dimension a tensor or value may declare.</summary>
    public long MaxDimension
    {
        get => _maxDimension;
        init => _maxDimension = value is > 0 and <= int.MaxValue ? value : throw new ArgumentOutOfRangeException(nameof(MaxDimension), value, $"must be in 1..{int.MaxValue}");
    }

    public static OnnxLoadOptions Default { get; } = new();

    internal bool Supports(string opType) => IsSupported?.Invoke(opType) ?? Ops.OperatorRegistry.IsSupported(opType);
}
