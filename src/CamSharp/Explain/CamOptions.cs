namespace CamSharp.Explain;

/// <summary>Options of one CAM computation (pytorch-grad-cam's call arguments).</summary>
public sealed record CamOptions
{
    /// <summary>Replace the channel sum by the first principal component (pytorch-grad-cam's eigen_smooth).</summary>
    public bool EigenSmooth { get; init; }

    /// <summary>Average the maps of {identity, horizontal flip} × input scaled by {0.9, 1, 1.1}.</summary>
    public bool AugSmooth { get; init; }

    /// <summary>
    /// Choose the principal component's sign so the map's largest magnitude is positive.
    /// Off reproduces pytorch-grad-cam, whose maps may come out inverted (its issues #315, #364).
    /// </summary>
    public bool FixSign { get; init; } = true;

    /// <summary>
    /// Gradient-free methods with several target layers: run once on the layers stacked by
    /// <see cref="LevelStack"/> (|A| resized to the largest map, channels concatenated; MMYOLO's
    /// box AM) instead of once per layer with the maps averaged. Gradient methods always average.
    /// </summary>
    public bool StackLevels { get; init; }

    /// <summary>
    /// Images per forward pass in methods that run the network many times (ScoreCAM,
    /// AblationCAM). Null (the default): as many as fit in <see cref="MemoryBudgetBytes"/>.
    /// </summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// Bytes the batched re-runs of ScoreCAM and AblationCAM may hold for activations when
    /// <see cref="BatchSize"/> is not given; the batch follows from the model's estimated
    /// per-image peak. 1 GiB by default; never more than the model's per-pass budget
    /// (<see cref="ResourceLimits.MemoryBytes"/>, <c>--max-memory</c>).
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudget;

    /// <summary>The default <see cref="MemoryBudgetBytes"/>: 1 GiB.</summary>
    public const long DefaultMemoryBudget = 1L << 30;

    /// <summary>Run the network with float64 accumulation (<see cref="Engine.RunOptions.Precise"/>).</summary>
    public bool Precise { get; init; }
}
