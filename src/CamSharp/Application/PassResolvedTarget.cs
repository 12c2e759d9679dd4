using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>
/// A target that depends on the prediction (the top class, a segmenter's winning pixels),
/// resolved from the outputs of the method's own forward pass the first time it is scored,
/// as pytorch-grad-cam does with <c>targets=None</c>: one forward pass instead of a forward
/// for the prediction and another for the map. Only for methods whose first use of the
/// target is on that pass's clean outputs (see <see cref="Explainer"/>).
/// </summary>
internal sealed class PassResolvedTarget(Func<IReadOnlyList<Tensor>, (OutputTarget Target, string Label, int? Class)> resolve) : OutputTarget
{
    /// <summary>The target as resolved, or null before anything scored it.</summary>
    public (OutputTarget Target, string Label, int? Class)? Resolved { get; private set; }

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds) =>
        Resolve(outputs).Accumulate(outputs, row, seeds);

    public override float Score(IReadOnlyList<Tensor> outputs, int row) => Resolve(outputs).Score(outputs, row);

    /// <summary>The target resolved from <paramref name="outputs"/> now if it was not yet.</summary>
    public (OutputTarget Target, string Label, int? Class) ResolveFrom(IReadOnlyList<Tensor> outputs) => Resolved ??= resolve(outputs);

    private OutputTarget Resolve(IReadOnlyList<Tensor> outputs) => ResolveFrom(outputs).Target;
}
