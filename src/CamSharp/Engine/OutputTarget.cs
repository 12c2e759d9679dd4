using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A scalar built from the model's outputs for one batch row: the thing whose gradient a
/// CAM method follows (a class logit, a probability, a box score). It reports its value and
/// adds its gradient with respect to the outputs into the seed tensors.
/// </summary>
public abstract class OutputTarget
{
    /// <summary>
    /// Returns the target's value for batch row <paramref name="row"/> and adds
    /// d(value)/d(outputs[k]) into <c>seeds[k]</c> (zero-filled tensors shaped like the outputs).
    /// </summary>
    public abstract float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds);

    /// <summary>The target's value alone (no gradient), for gradient-free methods.</summary>
    public virtual float Score(IReadOnlyList<Tensor> outputs, int row)
    {
        var scratch = outputs.Select(o => Tensor.Zeros(o.Type, o.Shape)).ToArray();
        try
        {
            return Accumulate(outputs, row, scratch);
        }
        finally
        {
            foreach (var s in scratch) s.Dispose();
        }
    }
}
