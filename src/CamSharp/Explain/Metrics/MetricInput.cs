using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Metrics;

/// <summary>
/// What every faithfulness metric starts from: the model, the N × C × H × W input it saw, one
/// H × W attribution map per image (a CAM in [0, 1] at the input size), and one target per image
/// whose value is the "confidence" the metrics watch — for a classifier usually the class's
/// softmax probability (<see cref="Targets.SoftmaxTarget"/>), for a detector a box target.
/// Perturbed copies of the input are run <see cref="BatchSize"/> at a time.
/// </summary>
public sealed class MetricInput
{
    private float[]? _scores;

    public MetricInput(Model model, Tensor input, IReadOnlyList<float[]> maps, IReadOnlyList<OutputTarget> targets, int batchSize = 32)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Rank != 4 || input.Type != DataType.Float32)
            throw new InputException($"Metrics need a float32 N×C×H×W input; got {input.Type} [{ShapeUtil.Format(input.Shape)}].");
        int n = input.Shape[0], pixels = input.Shape[2] * input.Shape[3];
        if (maps.Count != n) throw new InputException($"{maps.Count} maps for a batch of {n}: give one map per image.");
        if (targets.Count != n) throw new InputException($"{targets.Count} targets for a batch of {n}: give one target per image.");
        for (int b = 0; b < n; b++)
            if (maps[b].Length != pixels)
                throw new InputException($"Map {b} has {maps[b].Length} values; the input is {input.Shape[2]}×{input.Shape[3]} ({pixels} pixels).");
        if (batchSize < 1) throw new InputException($"The batch size must be at least 1; got {batchSize}.");
        Model = model;
        Input = input;
        Maps = maps;
        Targets = targets;
        BatchSize = batchSize;
    }

    public Model Model { get; }

    public Tensor Input { get; }

    /// <summary>One H × W map per image (row-major), at the input's size.</summary>
    public IReadOnlyList<float[]> Maps { get; }

    public IReadOnlyList<OutputTarget> Targets { get; }

    public int BatchSize { get; }

    public int Images => Input.Shape[0];

    public int Channels => Input.Shape[1];

    public int Height => Input.Shape[2];

    public int Width => Input.Shape[3];

    public int Pixels => Height * Width;

    /// <summary>Image b of the input (C × H × W values).</summary>
    public ReadOnlySpan<float> Image(int b) => Input.Floats.Slice(b * Channels * Pixels, Channels * Pixels);

    /// <summary>The targets' values on the unperturbed input, one per image (computed once).</summary>
    public IReadOnlyList<float> Scores => _scores ??= PerturbedScores.Run(this, Images, k => k, (k, dst) => Image(k).CopyTo(dst));
}
