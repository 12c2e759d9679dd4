using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Metrics;

/// <summary>
/// ARCC as pytorch-grad-cam's main branch defines it (<c>metrics/arcc.py</c>; Complexity and
/// Coherency after Poppi et al., 2021, arXiv:2104.10252): the harmonic mean of Coherency, 1 −
/// Complexity and ROAD — 3 / (1/coherency + 1/(1 − complexity) + 1/road), each term + 1e-8 —
/// where Complexity is the mean |map|, Coherency is (ρ + 1) / 2 with ρ the Pearson correlation
/// of the map and the method's map of the input multiplied by it, and ROAD is
/// <see cref="Road"/>'s combined score at 20, 40, 60, 80 % scaled by 2 and clipped to [0, 1].
/// Higher is better. (The file's docstring says geometric mean; the code, followed here, is harmonic.)
/// </summary>
public static class Arcc
{
    /// <summary>pytorch-grad-cam's ARCC percentiles.</summary>
    public static IReadOnlyList<double> Percentiles { get; } = [20, 40, 60, 80];

    /// <summary>
    /// ARCC of each image's map. <paramref name="explain"/> is the method that made the maps
    /// (pytorch-grad-cam's <c>base_method</c>): given an N×C×H×W input it returns one H×W map per
    /// image for the same targets.
    /// </summary>
    public static ArccResult[] Evaluate(MetricInput input, Func<Tensor, IReadOnlyList<float[]>> explain, RoadOptions? road = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(explain);
        road ??= new RoadOptions { Percentiles = Percentiles };
        var roads = Road.Evaluate(input, road);
        using var masked = MaskedInput(input);
        var again = explain(masked);
        if (again.Count != input.Images)
            throw new InputException($"The method gave {again.Count} maps for {input.Images} masked images.");
        var results = new ArccResult[input.Images];
        for (int b = 0; b < input.Images; b++)
        {
            if (again[b].Length != input.Pixels)
                throw new InputException($"The method's map of masked image {b} has {again[b].Length} values; expected {input.Pixels}.");
            double complexity = Complexity(input.Maps[b]);
            double coherency = (Pearson(again[b], input.Maps[b]) + 1) / 2;
            double roadScore = System.Math.Clamp(roads[b].Combined * 2.0, 0, 1);
            results[b] = new ArccResult(complexity, coherency, roadScore, Combine(complexity, coherency, roadScore));
        }
        return results;
    }

    /// <summary>pytorch-grad-cam's formula: 3 / (1/(coherency + 1e-8) + 1/((1 − complexity) + 1e-8) + 1/(road + 1e-8)).</summary>
    public static double Combine(double complexity, double coherency, double road) =>
        3 / (1 / (coherency + 1e-8) + 1 / (1 - complexity + 1e-8) + 1 / (road + 1e-8));

    /// <summary><c>Complexity</c>: the L1 norm of the map divided by its pixel count.</summary>
    public static double Complexity(ReadOnlySpan<float> map)
    {
        double sum = 0;
        foreach (float v in map) sum += System.Math.Abs(v);
        return map.Length == 0 ? 0 : sum / map.Length;
    }

    /// <summary><c>batch_pearson_coherency</c> for one pair: covariance / (std_a · std_b + 1e-8), both with n − 1.</summary>
    public static double Pearson(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int n = a.Length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++)
        {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double cov = 0, va = 0, vb = 0;
        for (int i = 0; i < n; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            cov += da * db;
            va += da * da;
            vb += db * db;
        }
        return cov / (n - 1) / (System.Math.Sqrt(va / (n - 1)) * System.Math.Sqrt(vb / (n - 1)) + 1e-8);
    }

    /// <summary>The input multiplied by its own map, every channel alike (<c>input_tensor * cams</c>).</summary>
    private static Tensor MaskedInput(MetricInput input)
    {
        var masked = input.Input.Clone();
        int c = input.Channels, p = input.Pixels;
        for (int b = 0; b < input.Images; b++)
            for (int k = 0; k < c; k++)
            {
                var plane = masked.Floats.Slice((b * c + k) * p, p);
                System.Numerics.Tensors.TensorPrimitives.Multiply(plane, input.Maps[b], plane);
            }
        return masked;
    }
}

/// <summary>One image's ARCC and its three parts (ROAD already scaled to [0, 1]).</summary>
public sealed record ArccResult(double Complexity, double Coherency, double Road, double Value);
