using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// Hardmax: 1 at the first maximum of each slice, 0 elsewhere, with Softmax's axis rules (before
/// opset 13 the input is coerced to 2-D at axis, default 1; from 13 the slice runs along axis,
/// default −1). Piecewise constant, so its gradient is zero rather than undefined.
/// </summary>
public sealed class Hardmax(Node node, int opset) : Operator(node)
{
    private readonly SoftmaxAxis _axis = new(node, opset);

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, _axis.Check(this, ctx.Input(0)));

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), y = ctx.Output(0);
        var (outer, length, inner) = _axis.Layout(x.Shape);
        y.Floats.Clear();
        if (length == 0) return;
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++)
            {
                int start = o * length * inner + j, best = start;
                for (int k = 1, i = start + inner; k < length; k++, i += inner)
                    if (x.Floats[i] > x.Floats[best] || (float.IsNaN(x.Floats[i]) && !float.IsNaN(x.Floats[best]))) best = i;
                y.Floats[best] = 1f;
            }
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(0)) ctx.SetInputGrad(0, Tensor.Zeros(ctx.InputInfo(0).Shape));
    }
}
