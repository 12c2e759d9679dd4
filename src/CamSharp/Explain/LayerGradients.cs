using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>A layer value's activation and the target's gradient with respect to it (copies the caller owns).</summary>
public sealed record LayerGradient(string Value, Tensor Activation, Tensor Gradient);

/// <summary>
/// Activations of chosen values and the gradients of class targets with respect to them —
/// what <c>camsharp grad</c> saves. Several classes for a one-image input repeat the image once
/// per class, so each batch row holds one class's gradient.
/// </summary>
public static class LayerGradients
{
    public static (IReadOnlyList<LayerGradient> Layers, IReadOnlyList<float> Scores) Compute(Model model, Tensor input, IReadOnlyList<string> values,
        IReadOnlyList<int>? classes = null, bool softmax = false, bool precise = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        using var rows = classes is { Count: > 1 } && input.Shape[0] == 1 ? TensorRows.Tile(input, classes.Count) : input.Clone();
        if (classes is not null && classes.Count != rows.Shape[0])
            throw new InputException($"{classes.Count} target classes for a batch of {rows.Shape[0]}: give one per image.") { Parameter = "Targets" };
        using var pass = model.Session.Run(rows, new RunOptions { Taps = values, GradientsFor = values, Precise = precise });
        var targets = Enumerable.Range(0, pass.Batch).Select(b =>
        {
            int c = classes?[b] ?? TopClasses.Compute(TensorRows.Row(pass.Outputs[0], b), 1)[0].Index;
            return softmax ? (OutputTarget)new SoftmaxTarget(c) : new ClassTarget(c);
        }).ToArray();
        using var grads = pass.Backward(targets);
        var layers = values.Select(v => new LayerGradient(v, pass.Value(v).Clone(), grads[v].Clone())).ToArray();
        return (layers, grads.Scores.ToArray());
    }
}
