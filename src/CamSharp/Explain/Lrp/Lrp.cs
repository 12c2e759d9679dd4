using CamSharp.Engine;
using CamSharp.Explain.Attribution;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// Layer-wise Relevance Propagation (Bach et al., 2015, doi:10.1371/journal.pone.0130140), as
/// Zennit computes it (Anders et al., 2021, arXiv:2106.13200): the target's value is the relevance
/// at the output, and one backward pass with each layer's rule (<see cref="LrpComposite"/>) in
/// place of its gradient carries it to the input. With conservative rules the input relevance
/// sums to the target's value, less what biases and stabilisers absorb.
/// </summary>
public sealed class Lrp(LrpComposite composite) : InputAttribution
{
    public LrpComposite Composite { get; } = composite;

    public override string Name => $"lrp-{Composite.Name}";

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        string name = model.Session.InputName;
        var options = new RunOptions { GradientsFor = [name], KeepForOverride = true, FuseActivations = false };
        using var pass = model.Session.Run(input, options);
        var plan = new LrpPlan(pass.Plan, Composite);
        using var grads = pass.Backward(RelevanceSeeds(pass.Outputs, targets), new BackwardOptions { Override = plan.Apply });
        return grads[name].Clone();
    }

    /// <summary>Each target's output gradient scaled by its value: for a class logit, the logit at its place (Zennit's <c>attr_output = one_hot · output</c>).</summary>
    private static Tensor?[] RelevanceSeeds(IReadOnlyList<Tensor> outputs, IReadOnlyList<OutputTarget> targets)
    {
        var seeds = outputs.Select(o => (Tensor?)Tensor.Zeros(o.Shape)).ToArray();
        for (int b = 0; b < targets.Count; b++)
        {
            var row = outputs.Select(o => Tensor.Zeros(o.Shape)).ToArray();
            float score = targets[b].Accumulate(outputs, b, row);
            for (int k = 0; k < row.Length; k++)
            {
                System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row[k].Floats, score, seeds[k]!.Floats, seeds[k]!.Floats);
                row[k].Dispose();
            }
        }
        return seeds;
    }
}
