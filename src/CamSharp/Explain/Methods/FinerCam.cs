using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Finer-CAM (pytorch-grad-cam's FinerCAM over Grad-CAM): the target becomes the class's
/// logit weighed against the three classes whose logits are closest to it
/// (<see cref="FinerTarget"/>), which brings out the details that tell look-alikes apart.
/// A given class target names the main class; otherwise the top class is used.
/// </summary>
public sealed class FinerCam(double alpha = 1) : CamMethod, IChoosesTargets
{
    private readonly GradCam _base = new();

    public override string Name => "finercam";

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b) => _base.LayerMap(ctx, layer, b);

    public IReadOnlyList<OutputTarget> ChooseTargets(Tensor firstOutput, IReadOnlyList<OutputTarget>? given) =>
        Enumerable.Range(0, firstOutput.Shape[0])
            .Select(b => (OutputTarget)FinerTarget.Nearest(firstOutput, b, (given?[b] as ClassTarget)?.ClassIndex, alpha))
            .ToArray();
}

/// <summary>Methods that replace the targets they are given (Finer-CAM wraps them).</summary>
public interface IChoosesTargets
{
    IReadOnlyList<OutputTarget> ChooseTargets(Tensor firstOutput, IReadOnlyList<OutputTarget>? given);
}
