using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// RISE (Petsiuk, Das &amp; Saenko, BMVC 2018, arXiv:1806.07421): the input is multiplied by
/// random smooth masks (<see cref="RiseMasks"/>), the whole network scores each masked image,
/// and the map is Σ_i score_i · mask_i, min–max scaled without a ReLU — OpenVINO XAI's RISE
/// (8×8 cells, p = 0.5, seeded; N = 4000 masks by default). Black-box: no target layer, no
/// gradients, any classifier output a target can score.
/// </summary>
public sealed class Rise(RiseOptions? options = null) : CamMethod, IWholeMapMethod
{
    public RiseOptions Options { get; } = options ?? new RiseOptions();

    public override string Name => "rise";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) =>
        throw new InvalidOperationException("RISE masks the input; CamRunner calls Run.");

    public CamResult Run(Model model, Tensor input, IReadOnlyList<OutputTarget> targets, CamOptions options)
    {
        int n = input.Shape[0], cIn = input.Shape[1], height = input.Shape[2], width = input.Shape[3];
        int plane = height * width, imageSize = cIn * plane;
        var masks = Options.MasksFor(height, width);
        float[] scores;
        using (var pass = model.Session.Run(input, new RunOptions { Precise = options.Precise }))
            scores = Enumerable.Range(0, n).Select(b => targets[b].Score(pass.Outputs, b)).ToArray();

        var maps = new float[n][];
        for (int b = 0; b < n; b++)
        {
            var image = input.Floats.Slice(b * imageSize, imageSize).ToArray();
            var saliency = new float[plane];
            var target = targets[b];
            // Masks are made when their batch is filled and dropped once scored: 4000 full-size masks would not fit.
            var pending = new Dictionary<int, float[]>();
            PerturbedInputs.Run(model, options, input.Shape, masks.Count,
                (k, copy) =>
                {
                    var mask = pending[k] = masks.Make(k);
                    for (int ch = 0; ch < cIn; ch++)
                        System.Numerics.Tensors.TensorPrimitives.Multiply(image.AsSpan(ch * plane, plane), mask, copy.Slice(ch * plane, plane));
                },
                (k, outputs, row) =>
                {
                    pending.Remove(k, out var mask);
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(mask!, target.Score(outputs, row), saliency, saliency);
                    masks.Release(mask!);
                });
            maps[b] = MinMaxNoRelu(saliency);
        }
        return new CamResult(height, width, maps, [], scores);
    }

    /// <summary>(s − min) / (max − min), OpenVINO XAI's scaling (no ReLU first).</summary>
    internal static float[] MinMaxNoRelu(float[] map)
    {
        float min = System.Numerics.Tensors.TensorPrimitives.Min(map), max = System.Numerics.Tensors.TensorPrimitives.Max(map);
        float range = max - min;
        for (int i = 0; i < map.Length; i++) map[i] = range > 0 ? (map[i] - min) / range : 0;
        return map;
    }
}

/// <summary>RISE's parameters (OpenVINO XAI's defaults, with the paper's N = 4000), or the masks themselves.</summary>
public sealed record RiseOptions
{
    /// <summary>Number of random masks.</summary>
    public int MaskCount { get; init; } = 4000;

    /// <summary>Cells per side of the low-resolution grid.</summary>
    public int Cells { get; init; } = 8;

    /// <summary>Probability that a cell is kept.</summary>
    public double Probability { get; init; } = 0.5;

    /// <summary>Seed of the mask generator: the same seed gives the same masks.</summary>
    public int Seed { get; init; }

    /// <summary>Masks to use instead of generated ones (each H×W of the input, row-major).</summary>
    public IReadOnlyList<float[]>? Masks { get; init; }

    /// <summary>The given masks (checked against the input size) or <see cref="MaskCount"/> seeded ones, made on demand.</summary>
    internal MaskSource MasksFor(int height, int width)
    {
        if (Masks is { } given)
        {
            if (given.Count == 0) throw new InputException("RiseOptions.Masks is empty.");
            foreach (var m in given)
                if (m.Length != height * width)
                    throw new InputException($"A RISE mask has {m.Length} values; the input is {height}×{width}.");
            return new MaskSource(given.Count, (k, _) => given[k], recycles: false);
        }
        if (MaskCount < 1) throw new InputException($"RiseOptions.MaskCount must be at least 1; got {MaskCount}.");
        if (Cells < 1 || Probability is <= 0 or > 1)
            throw new InputException($"RiseOptions needs Cells ≥ 1 and 0 < Probability ≤ 1; got {Cells} and {Probability}.");
        // Draw every grid and shift up front (small), in the generator's order; build masks later.
        var random = new Random(Seed);
        int cellH = RiseMasks.CellSize(height, Cells), cellW = RiseMasks.CellSize(width, Cells);
        var draws = Enumerable.Range(0, MaskCount).Select(_ =>
        {
            var grid = new bool[Cells * Cells];
            for (int i = 0; i < grid.Length; i++) grid[i] = random.NextDouble() < Probability;
            return (Grid: grid, Y: random.Next(cellH), X: random.Next(cellW));
        }).ToArray();
        return new MaskSource(MaskCount, (k, into) => RiseMasks.FromGrid(draws[k].Grid, Cells, draws[k].Y, draws[k].X, height, width, into), recycles: true);
    }
}
