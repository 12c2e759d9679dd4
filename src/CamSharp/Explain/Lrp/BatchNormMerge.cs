using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// Zennit's <c>MergeBatchNorm</c> canonizer for a Conv followed by BatchNormalization:
/// W′ = W · s, b′ = (b − μ) · s + β with s = γ / √(σ² + ε), per output channel, so the LRP
/// rule sees the one linear layer the pair computes.
/// </summary>
internal static class BatchNormMerge
{
    public static (Tensor Weight, Tensor Bias) Merge(Node batchNorm, Plan plan, Tensor weight, Tensor? bias)
    {
        var graph = plan.Graph;
        var ids = batchNorm.Inputs.Select(graph.ValueId).ToArray();
        var gamma = plan.Constants[ids[1]]!.Floats;
        var beta = plan.Constants[ids[2]]!.Floats;
        var mean = plan.Constants[ids[3]]!.Floats;
        var variance = plan.Constants[ids[4]]!.Floats;
        float epsilon = batchNorm.Attributes.GetFloat("epsilon", 1e-5f);
        int m = weight.Shape[0], per = weight.Length / m;
        if (gamma.Length != m)
            throw new ModelException($"{batchNorm}: {gamma.Length} channels after a convolution with {m} outputs.");
        var w = weight.Clone();
        var b = Tensor.Zeros(m);
        for (int k = 0; k < m; k++)
        {
            float s = gamma[k] / MathF.Sqrt(variance[k] + epsilon);
            System.Numerics.Tensors.TensorPrimitives.Multiply(w.Floats.Slice(k * per, per), s, w.Floats.Slice(k * per, per));
            b.Floats[k] = ((bias?.Floats[k] ?? 0) - mean[k]) * s + beta[k];
        }
        return (w, b);
    }
}
