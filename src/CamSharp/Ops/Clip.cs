using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// Clip: y = min(max(x, lo), hi), so y = hi everywhere when lo &gt; hi. Below opset 11 the
/// bounds are the float attributes min/max; from 11 they are optional scalar inputs 1 and 2.
/// Missing bounds are the type's lowest/highest finite values, as the spec says.
/// The gradient passes where lo &lt; x &lt; hi (open, like PyTorch's hardtanh/ReLU6, the usual source of Clip).
/// </summary>
internal sealed class Clip : Operator
{
    private readonly bool _boundsAreAttributes;
    private readonly float _minAttribute, _maxAttribute;

    public Clip(Node node, int opset) : base(node)
    {
        _boundsAreAttributes = opset < 11;
        _minAttribute = node.Attributes.GetFloat("min", -float.MaxValue);
        _maxAttribute = node.Attributes.GetFloat("max", float.MaxValue);
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (_boundsAreAttributes) Elementwise.RequireType(this, x.Type, "input", DataType.Float32);
        else Elementwise.RequireType(this, x.Type, "input", DataType.Float32, DataType.Int64);
        if (!_boundsAreAttributes)
            for (int i = 1; i <= 2; i++)
            {
                if (!ctx.HasInput(i)) continue;
                var b = ctx.Input(i);
                string what = i == 1 ? "min" : "max";
                if (b.Type != x.Type) throw Error($"{what} is {b.Type}, expected {x.Type} like the input.");
                if (ShapeUtil.Size(b.Shape) != 1) throw Error($"{what} has shape [{ShapeUtil.Format(b.Shape)}], expected a scalar.");
            }
        ctx.SetOutput(0, x.Type, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        if (x.Type == DataType.Int64)
        {
            long lo = Bound(ctx.OptionalInput(1), long.MinValue), hi = Bound(ctx.OptionalInput(2), long.MaxValue);
            TensorPrimitives.Max(x.Longs, lo, y.Longs);
            TensorPrimitives.Min(y.Longs, hi, y.Longs);
            return;
        }
        var (fl, fh) = FloatBounds(ctx.OptionalInput(1), ctx.OptionalInput(2));
        Elementwise.Map(x, y, (xs, ys) =>
        {
            TensorPrimitives.Max(xs, fl, ys);
            TensorPrimitives.Min(ys, fh, ys);
        });
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        var x = ctx.Input(0);
        var (lo, hi) = FloatBounds(ctx.OptionalInput(1), ctx.OptionalInput(2));
        if (ctx.NeedsInputGrad(0))
        {
            var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
            Elementwise.Zip(g, x, dx, (gs, xs, ds) => Masked.WhereBetween(xs, lo, hi, gs, 1f, ds));
            ctx.SetInputGrad(0, dx);
        }
        // A bound receives the gradient of the elements it replaced (hi replaces all when lo > hi).
        if (ctx.NeedsInputGrad(1)) ctx.SetInputGrad(1, BoundGrad(ctx, 1, g, x, v => v < lo && lo <= hi));
        if (ctx.NeedsInputGrad(2)) ctx.SetInputGrad(2, BoundGrad(ctx, 2, g, x, v => v > hi || lo > hi));
    }

    private static Tensor BoundGrad(BackwardContext ctx, int input, Tensor g, Tensor x, Func<float, bool> replaced)
    {
        double sum = 0;
        var gs = g.Floats;
        var xs = x.Floats;
        for (int i = 0; i < xs.Length; i++)
            if (replaced(xs[i])) sum += gs[i];
        var r = Tensor.Uninitialized(DataType.Float32, ctx.InputInfo(input).Shape);
        r.Floats[0] = (float)sum;
        return r;
    }

    /// <summary>The float bounds given the optional min and max inputs (for fusing into the producer).</summary>
    internal (float Lo, float Hi) Bounds(Tensor? min, Tensor? max) => FloatBounds(min, max);

    private (float Lo, float Hi) FloatBounds(Tensor? min, Tensor? max) =>
        _boundsAreAttributes ? (_minAttribute, _maxAttribute) : (Bound(min, -float.MaxValue), Bound(max, float.MaxValue));

    private static float Bound(Tensor? t, float fallback) => t is null ? fallback : t.Floats[0];

    private static long Bound(Tensor? t, long fallback) => t is null ? fallback : t.Longs[0];
}
