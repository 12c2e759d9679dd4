using CamSharp.Detection;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// D-RISE (Petsiuk et al., CVPR 2021, arXiv:2006.03204), as vision-explanation-methods'
/// <c>DRISE_saliency</c>: the image is occluded by random binary masks (<see cref="DriseMasks"/>,
/// 16×16 cells), the detector runs on each masked image, and each target box's affinity to a
/// mask is the best IoU × objectness × class-cosine over the masked image's detections; the map
/// of a box is Σ_i a_i·M_i − mean(a)·Σ_i M_i, scaled to [0, 1]. Black-box: only the decoded
/// detections are read (<see cref="DetectionReader"/>), so exports with NMS inside the graph work
/// given a reader. Targets are box targets (<see cref="IBoxTarget"/>); several boxes in one
/// target give the maximum of their maps.
/// </summary>
public sealed class Drise(DriseOptions? options = null) : CamMethod, IWholeMapMethod
{
    public DriseOptions Options { get; } = options ?? new DriseOptions();

    public override string Name => "drise";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) =>
        throw new InvalidOperationException("D-RISE masks the input; CamRunner calls Run.");

    public CamResult Run(Model model, Tensor input, IReadOnlyList<OutputTarget> targets, CamOptions options)
    {
        int n = input.Shape[0], height = input.Shape[2], width = input.Shape[3];
        var maps = new float[n][];
        var scores = new float[n];
        for (int b = 0; b < n; b++)
        {
            if (targets[b] is not IBoxTarget boxes)
                throw new InputException($"D-RISE explains detected boxes; target '{targets[b]}' of image {b} is not a box target.");
            var reader = Options.Reader ?? DetectionReaders.FromHead(boxes.Head, Options.Detection);
            var wanted = boxes.Boxes.Select(d => DriseDetection.FromLabel(d.InputBox, d.Class, d.Score, boxes.Head.Classes)).ToList();
            using var image = TensorRows.Row(input, b);
            var perBox = Explain(model, image, wanted, reader, options);
            var map = new float[height * width];
            foreach (var m in perBox) System.Numerics.Tensors.TensorPrimitives.Max(map, m, map);
            maps[b] = map;
            scores[b] = wanted.Count == 0 ? 0 : wanted.Max(d => d.ClassScores.Max());
        }
        return new CamResult(height, width, maps, [], scores);
    }

    /// <summary>One map in [0, 1] (H×W of the 1×C×H×W <paramref name="image"/>) per target detection.</summary>
    public IReadOnlyList<float[]> Explain(Model model, Tensor image, IReadOnlyList<DriseDetection> targets, DetectionReader reader, CamOptions options)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (image.Rank != 4 || image.Shape[0] != 1) throw new InputException($"D-RISE explains one image at a time; got [{ShapeUtil.Format(image.Shape)}].");
        int cIn = image.Shape[1], height = image.Shape[2], width = image.Shape[3], plane = height * width;
        var masks = Options.MasksFor(height, width);
        var weighted = targets.Select(_ => new float[plane]).ToArray();
        var affinitySums = new double[targets.Count];
        var maskSum = new float[plane];
        var source = image.Floats.ToArray();
        var pending = new Dictionary<int, float[]>();
        PerturbedInputs.Run(model, options, image.Shape, masks.Count,
            (k, copy) =>
            {
                var mask = pending[k] = masks.Make(k);
                for (int ch = 0; ch < cIn; ch++)
                    System.Numerics.Tensors.TensorPrimitives.Multiply(source.AsSpan(ch * plane, plane), mask, copy.Slice(ch * plane, plane));
            },
            (k, outputs, row) =>
            {
                pending.Remove(k, out var mask);
                var found = reader(outputs, row);
                System.Numerics.Tensors.TensorPrimitives.Add(maskSum, mask!, maskSum);
                for (int t = 0; t < targets.Count; t++)
                {
                    double best = 0;
                    foreach (var d in found) best = System.Math.Max(best, targets[t].Affinity(d));
                    affinitySums[t] += best;
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(mask!, (float)best, weighted[t], weighted[t]);
                }
                masks.Release(mask!);
            });
        for (int t = 0; t < targets.Count; t++)
        {
            // Subtract the mean affinity's share of every mask, then scale: x − min, / max.
            float mean = (float)(affinitySums[t] / masks.Count);
            var m = weighted[t];
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(maskSum, -mean, m, m);
            float min = System.Numerics.Tensors.TensorPrimitives.Min(m);
            System.Numerics.Tensors.TensorPrimitives.Subtract(m, min, m);
            float max = System.Numerics.Tensors.TensorPrimitives.Max(m);
            if (max > 0) System.Numerics.Tensors.TensorPrimitives.Divide(m, max, m);
        }
        return weighted;
    }
}

/// <summary>D-RISE's parameters (vision-explanation-methods' 16×16 cells), or the masks themselves.</summary>
public sealed record DriseOptions
{
    /// <summary>Number of random masks (the paper used 5000; vision-explanation-methods asks for it).</summary>
    public int MaskCount { get; init; } = 1000;

    /// <summary>Cells per side of the random grid.</summary>
    public int Resolution { get; init; } = 16;

    /// <summary>Seed of the mask generator.</summary>
    public int Seed { get; init; }

    /// <summary>Masks to use instead of generated ones (each H×W of the input, row-major, values in [0, 1]).</summary>
    public IReadOnlyList<float[]>? Masks { get; init; }

    /// <summary>Decodes the masked images' detections; null: the box targets' head with <see cref="Detection"/>.</summary>
    public DetectionReader? Reader { get; init; }

    /// <summary>Thresholds for the masked images' detections when the head decodes them.</summary>
    public DetectionOptions Detection { get; init; } = new();

    internal MaskSource MasksFor(int height, int width)
    {
        if (Masks is { } given)
        {
            if (given.Count == 0) throw new InputException("DriseOptions.Masks is empty.");
            foreach (var m in given)
                if (m.Length != height * width)
                    throw new InputException($"A D-RISE mask has {m.Length} values; the input is {height}×{width}.");
            return new MaskSource(given.Count, (k, _) => given[k], recycles: false);
        }
        if (MaskCount < 1 || Resolution < 1)
            throw new InputException($"DriseOptions needs MaskCount ≥ 1 and Resolution ≥ 1; got {MaskCount} and {Resolution}.");
        var random = new Random(Seed);
        int padding = DriseMasks.Padding(height, width, Resolution);
        var draws = Enumerable.Range(0, MaskCount).Select(_ =>
        {
            var grid = new bool[Resolution * Resolution];
            for (int i = 0; i < grid.Length; i++) grid[i] = random.Next(2) == 1;
            return (Grid: grid, Top: random.Next(padding + 1), Left: random.Next(padding + 1));
        }).ToArray();
        return new MaskSource(MaskCount, (k, into) => DriseMasks.FromGrid(draws[k].Grid, Resolution, padding, draws[k].Top, draws[k].Left, height, width, into), recycles: true);
    }
}
