using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// Integrated Gradients (Sundararajan et al., 2017, arXiv:1703.01365) as Captum's
/// <c>IntegratedGradients</c>: (x − x′) · Σ_i w_i ∂y/∂x(x′ + α_i (x − x′)), with Captum's
/// defaults: baseline 0, 50 steps, Gauss–Legendre points.
/// </summary>
public sealed class IntegratedGradients : InputAttribution
{
    public IntegratedGradients(int steps = 50, IntegrationRule rule = IntegrationRule.GaussLegendre, float baseline = 0f,
        Tensor? baselineTensor = null, int batchSize = 16)
    {
        (Alphas, Weights) = IntegrationPoints.Get(rule, steps);
        if (batchSize < 1) throw new InputException($"The batch size must be at least 1; got {batchSize}.");
        Steps = steps;
        Rule = rule;
        Baseline = baseline;
        BaselineTensor = baselineTensor;
        BatchSize = batchSize;
    }

    public override string Name => "integratedgradients";

    public int Steps { get; }

    public IntegrationRule Rule { get; }

    /// <summary>The baseline value of every input element, unless <see cref="BaselineTensor"/> is given.</summary>
    public float Baseline { get; }

    /// <summary>A baseline image (1×C×H×W, or the input's shape), instead of a constant.</summary>
    public Tensor? BaselineTensor { get; }

    /// <summary>Path points run through the model at once.</summary>
    public int BatchSize { get; }

    internal double[] Alphas { get; }

    internal double[] Weights { get; }

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        int n = input.Shape[0], len = InputGradients.RowLength(input);
        if (BaselineTensor is { } bt && !(bt.Length == len || bt.Length == input.Length))
            throw new InputException($"The baseline has shape [{ShapeUtil.Format(bt.Shape)}]; expected one image [1, {ShapeUtil.Format(input.Shape[1..])}] or the input's shape.");
        var result = Tensor.Zeros(input.Shape);
        var baseline = new float[len];
        var diff = new float[len];
        for (int b = 0; b < n; b++)
        {
            var x = input.Floats.Slice(b * len, len);
            if (BaselineTensor is { } t) t.Floats.Slice(t.Length == len ? 0 : b * len, len).CopyTo(baseline);
            else Array.Fill(baseline, Baseline);
            System.Numerics.Tensors.TensorPrimitives.Subtract(x, baseline, diff);

            using var path = Tensor.Uninitialized(DataType.Float32, [Steps, .. input.Shape[1..]]);
            for (int s = 0; s < Steps; s++)
            {
                var row = path.Floats.Slice(s * len, len);
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(diff, (float)Alphas[s], baseline, row);
            }
            var targetRows = Enumerable.Repeat(targets[b], Steps).ToArray();
            using var grads = InputGradients.Compute(model, path, targetRows, BatchSize);
            var total = new double[len];
            for (int s = 0; s < Steps; s++)
            {
                var g = grads.Floats.Slice(s * len, len);
                float w = (float)Weights[s];
                for (int i = 0; i < len; i++) total[i] += g[i] * w;
            }
            var dst = result.Floats.Slice(b * len, len);
            for (int i = 0; i < len; i++) dst[i] = (float)(total[i] * diff[i]);
        }
        return result;
    }
}
