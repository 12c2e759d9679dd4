using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>How <see cref="NoiseTunnel"/> combines the attributions of the noisy copies (Captum's <c>nt_type</c>).</summary>
public enum NoiseTunnelKind
{
    /// <summary><c>smoothgrad</c>: the mean (Smilkov et al., 2017, arXiv:1706.03825).</summary>
    SmoothGrad,
    /// <summary><c>smoothgrad_sq</c>: the mean of the squares (Hooker et al., 2019, arXiv:1806.10758).</summary>
    SmoothGradSquared,
    /// <summary><c>vargrad</c>: the variance, mean of squares − square of mean (Adebayo et al., 2018, arXiv:1810.03307).</summary>
    VarGrad,
}

/// <summary>
/// Captum's <c>NoiseTunnel</c>: runs another attribution on <see cref="Samples"/> copies of each
/// image with Gaussian noise N(0, <see cref="StdDev"/>²) added, and combines them
/// (<see cref="NoiseTunnelKind"/>). Captum's defaults: smoothgrad, 5 samples, σ = 1. The noise
/// comes from a seeded generator, or is given (<see cref="Noise"/>) to repeat another tool's run.
/// </summary>
public sealed class NoiseTunnel : InputAttribution
{
    public NoiseTunnel(InputAttribution inner, NoiseTunnelKind kind = NoiseTunnelKind.SmoothGrad, int samples = 5,
        float stdDev = 1f, int seed = 0, Tensor? noise = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (samples < 1) throw new InputException($"The noise tunnel needs at least one sample; got {samples}.");
        if (!(stdDev >= 0)) throw new InputException($"The noise standard deviation must be ≥ 0; got {stdDev}.");
        Inner = inner;
        Kind = kind;
        Samples = samples;
        StdDev = stdDev;
        Seed = seed;
        Noise = noise;
    }

    public override string Name => Kind switch
    {
        NoiseTunnelKind.SmoothGrad => "smoothgrad",
        NoiseTunnelKind.SmoothGradSquared => "smoothgrad_sq",
        _ => "vargrad",
    };

    public override bool UsesGradients => Inner.UsesGradients;

    public InputAttribution Inner { get; }

    public NoiseTunnelKind Kind { get; }

    public int Samples { get; }

    public float StdDev { get; }

    public int Seed { get; }

    /// <summary>
    /// Given noise, (N·S)×C×H×W, image-major as Captum's <c>repeat_interleave</c> lays it out
    /// (image 0's S samples, then image 1's); null draws it from <see cref="Seed"/>.
    /// </summary>
    public Tensor? Noise { get; }

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        int n = input.Shape[0], len = InputGradients.RowLength(input), s = Samples;
        if (Noise is { } given && (given.Length != n * s * len || given.Shape[0] != n * s))
            throw new InputException($"The given noise has shape [{ShapeUtil.Format(given.Shape)}]; expected [{n * s}, {ShapeUtil.Format(input.Shape[1..])}] ({s} samples per image).");
        using var noisy = Tensor.Uninitialized(DataType.Float32, [n * s, .. input.Shape[1..]]);
        var random = new Random(Seed);
        for (int r = 0; r < n * s; r++)
        {
            var dst = noisy.Floats.Slice(r * len, len);
            if (Noise is { } g) g.Floats.Slice(r * len, len).CopyTo(dst);
            else for (int i = 0; i < len; i++) dst[i] = StdDev * Gaussian(random);
            System.Numerics.Tensors.TensorPrimitives.Add(dst, input.Floats.Slice(r / s * len, len), dst);
        }
        var rowTargets = Enumerable.Range(0, n * s).Select(r => targets[r / s]).ToArray();
        using var attributions = Inner.Attribute(model, noisy, rowTargets);

        var result = Tensor.Zeros(input.Shape);
        var sum = new double[len];
        var squares = new double[len];
        for (int b = 0; b < n; b++)
        {
            Array.Clear(sum);
            Array.Clear(squares);
            for (int k = 0; k < s; k++)
            {
                var a = attributions.Floats.Slice((b * s + k) * len, len);
                for (int i = 0; i < len; i++)
                {
                    sum[i] += a[i];
                    squares[i] += (double)a[i] * a[i];
                }
            }
            var dst = result.Floats.Slice(b * len, len);
            for (int i = 0; i < len; i++)
            {
                double mean = sum[i] / s, meanSquare = squares[i] / s;
                dst[i] = (float)(Kind switch
                {
                    NoiseTunnelKind.SmoothGrad => mean,
                    NoiseTunnelKind.SmoothGradSquared => meanSquare,
                    _ => meanSquare - mean * mean,
                });
            }
        }
        return result;
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static float Gaussian(Random random)
    {
        double u = 1 - random.NextDouble(), v = random.NextDouble();
        return (float)(System.Math.Sqrt(-2 * System.Math.Log(u)) * System.Math.Cos(2 * System.Math.PI * v));
    }
}
