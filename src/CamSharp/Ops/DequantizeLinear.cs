using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX DequantizeLinear (opsets 10, 13, 19, 21): y = (x − x_zero_point) · x_scale, per
/// tensor, per <c>axis</c> slice or per <c>block_size</c> block. X is integer-valued (Int64,
/// or Float32 holding integers). Backward passes dy · x_scale straight to X, so gradients
/// continue through a preceding QuantizeLinear (straight-through estimator).
/// </summary>
internal sealed class DequantizeLinear : Operator
{
    private readonly long _axis, _blockSize;

    public DequantizeLinear(Node node) : base(node)
    {
        _axis = node.Attributes.GetInt("axis", 1);
        _blockSize = node.Attributes.GetInt("block_size", 0);
        if (_blockSize < 0) throw Error($"block_size is {_blockSize}, expected 0 or more");
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        QuantizedValues.RequireNumeric(this, x, "x");
        Layout(x.Shape, ctx.Shape(1));
        if (ctx.HasInput(2) && !ShapeUtil.Equal(ctx.Shape(2), ctx.Shape(1)))
            throw Error($"x_zero_point has shape [{ShapeUtil.Format(ctx.Shape(2))}], but x_scale has [{ShapeUtil.Format(ctx.Shape(1))}]");
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor x = ctx.Input(0), scale = ctx.Input(1), y = ctx.Output(0);
        var layout = Layout(x.Shape, scale.Shape);
        using var centered = QuantizedValues.Centered(x, ctx.OptionalInput(2), layout);
        centered.Floats.CopyTo(y.Floats);
        Scale(layout, y, scale);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            dy.Floats.CopyTo(dx.Floats);
            var scale = ctx.Input(1);
            Scale(Layout(dx.Shape, scale.Shape), dx, scale);
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Multiplies each element of <paramref name="t"/> by its scale.</summary>
    internal static void Scale(QuantizationAxis layout, Tensor t, Tensor scale)
    {
        layout.ForEachRun(t.Length, (start, count, p, step) =>
        {
            var run = t.Floats.Slice(start, count);
            if (step == 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(run, (float)scale.GetDouble(p), run);
                return;
            }
            for (int k = 0; k < count; k++)
            {
                run[k] *= (float)scale.GetDouble(p + k);
            }
        });
    }

    private QuantizationAxis Layout(int[] x, int[] scale) => QuantizationAxis.Resolve(this, x, scale, _axis, _blockSize, "x_scale");
}
