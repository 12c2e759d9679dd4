using System.Buffers;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Softmax. Before opset 13 the input is coerced to 2-D at <c>axis</c> (default 1) and
/// each row of the flattened trailing dims is normalised; from 13 on, only along <c>axis</c>
/// (default −1). Backward reads only the output: dx = y ⊙ (dy − Σ dy ⊙ y).
/// </summary>
internal sealed class Softmax(Node node, int opset) : Operator(node)
{
    private readonly SoftmaxAxis _axis = new(node, opset);

    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, _axis.Check(this, ctx.Input(0)));

    public override void Forward(ForwardContext ctx) => SoftmaxKernel.Forward(ctx.Input(0), ctx.Output(0), _axis.Layout(ctx.Input(0).Shape), log: false);

    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var y = ctx.Output(0);
        ctx.SetInputGrad(0, ctx.OutputGrad(0) is { } dy
            ? SoftmaxKernel.Backward(y, dy, _axis.Layout(y.Shape), log: false)
            : Tensor.Zeros(y.Shape));
    }
}

/// <summary>
/// ONNX LogSoftmax, with Softmax's axis rules. Backward reads only the output:
/// dx = dy − exp(y) · Σ dy.
/// </summary>
internal sealed class LogSoftmax(Node node, int opset) : Operator(node)
{
    private readonly SoftmaxAxis _axis = new(node, opset);

    public override void Infer(InferContext ctx) => ctx.SetOutput(0, DataType.Float32, _axis.Check(this, ctx.Input(0)));

    public override void Forward(ForwardContext ctx) => SoftmaxKernel.Forward(ctx.Input(0), ctx.Output(0), _axis.Layout(ctx.Input(0).Shape), log: true);

    public override BackwardNeeds Needs => BackwardNeeds.Outputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var y = ctx.Output(0);
        ctx.SetInputGrad(0, ctx.OutputGrad(0) is { } dy
            ? SoftmaxKernel.Backward(y, dy, _axis.Layout(y.Shape), log: true)
            : Tensor.Zeros(y.Shape));
    }
}

/// <summary>The axis attribute and how it splits a shape, by opset.</summary>
internal sealed class SoftmaxAxis(Node node, int opset)
{
    private readonly bool _coerce2D = opset < 13;
    private readonly long _axis = node.Attributes.GetInt("axis", opset < 13 ? 1 : -1);

    public int[] Check(Operator op, TensorInfo x)
    {
        if (x.Type != DataType.Float32) throw new ModelException($"{op.Node}: input is {x}, expected Float32.");
        long a = _axis < 0 ? _axis + x.Rank : _axis;
        if (a < 0 || a >= Math.Max(x.Rank, 1))
            throw new ModelException($"{op.Node}: axis {_axis} is out of range for input {x}.");
        return x.Shape;
    }

    /// <summary>(outer, length, inner): normalise over <c>length</c> elements <c>inner</c> apart.</summary>
    public (int Outer, int Length, int Inner) Layout(int[] shape)
    {
        int a = (int)(_axis < 0 ? _axis + shape.Length : _axis);
        int outer = ShapeUtil.Size(shape.AsSpan(0, a));
        if (_coerce2D) return (outer, ShapeUtil.Size(shape.AsSpan(a)), 1);
        return (outer, shape[a], ShapeUtil.Size(shape.AsSpan(a + 1)));
    }
}

/// <summary>Vectorised softmax / log-softmax over an (outer, length, inner) layout.</summary>
internal static class SoftmaxKernel
{
    public static void Forward(Tensor x, Tensor y, (int Outer, int Length, int Inner) l, bool log)
    {
        int block = l.Length * l.Inner;
        PlaneParallel.For(l.Outer, block, o =>
        {
            var xs = x.Floats.Slice(o * block, block);
            var ys = y.Floats.Slice(o * block, block);
            if (l.Inner == 1) Row(xs, ys, log);
            else Strided(xs, ys, l.Length, l.Inner, log);
        });
    }

    private static void Row(ReadOnlySpan<float> x, Span<float> y, bool log)
    {
        if (x.Length == 0) return;
        float max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Exp(y, y);
        float sum = TensorPrimitives.Sum<float>(y);
        if (log) TensorPrimitives.Subtract(x, max + MathF.Log(sum), y);
        else TensorPrimitives.Divide(y, sum, y);
    }

    /// <summary>Softmax down the columns of a (length × inner) block, a row at a time.</summary>
    private static void Strided(ReadOnlySpan<float> x, Span<float> y, int length, int inner, bool log)
    {
        if (length == 0) return;
        var buffer = ArrayPool<float>.Shared.Rent(2 * inner);
        var max = buffer.AsSpan(0, inner);
        var sum = buffer.AsSpan(inner, inner);
        x[..inner].CopyTo(max);
        for (int a = 1; a < length; a++) TensorPrimitives.Max(max, x.Slice(a * inner, inner), max);
        sum.Clear();
        for (int a = 0; a < length; a++)
        {
            var ya = y.Slice(a * inner, inner);
            TensorPrimitives.Subtract(x.Slice(a * inner, inner), max, ya);
            TensorPrimitives.Exp(ya, ya);
            TensorPrimitives.Add(sum, ya, sum);
        }
        if (log)
        {
            TensorPrimitives.Log(sum, sum);
            TensorPrimitives.Add(max, sum, max); // log-sum-exp
            for (int a = 0; a < length; a++) TensorPrimitives.Subtract(x.Slice(a * inner, inner), max, y.Slice(a * inner, inner));
        }
        else
        {
            for (int a = 0; a < length; a++) TensorPrimitives.Divide(y.Slice(a * inner, inner), sum, y.Slice(a * inner, inner));
        }
        ArrayPool<float>.Shared.Return(buffer);
    }

    public static Tensor Backward(Tensor y, Tensor dy, (int Outer, int Length, int Inner) l, bool log)
    {
        var dx = Tensor.Uninitialized(DataType.Float32, y.Shape);
        int block = l.Length * l.Inner, inner = l.Inner;
        PlaneParallel.For(l.Outer, block, o =>
        {
            ReadOnlySpan<float> ys = y.Floats.Slice(o * block, block), dys = dy.Floats.Slice(o * block, block);
            var dxs = dx.Floats.Slice(o * block, block);
            if (block == 0) return;
            if (inner == 1)
            {
                if (log)
                {
                    float total = TensorPrimitives.Sum(dys);
                    TensorPrimitives.Exp(ys, dxs);
                    TensorPrimitives.MultiplyAdd(dxs, -total, dys, dxs);
                }
                else
                {
                    TensorPrimitives.Subtract(dys, TensorPrimitives.Dot(dys, ys), dxs);
                    TensorPrimitives.Multiply(dxs, ys, dxs);
                }
                return;
            }
            var buffer = ArrayPool<float>.Shared.Rent(inner);
            var acc = buffer.AsSpan(0, inner); // Σ dy·y (softmax) or Σ dy (log-softmax) per column
            acc.Clear();
            for (int a = 0; a < l.Length; a++)
            {
                var dya = dys.Slice(a * inner, inner);
                if (log) TensorPrimitives.Add(acc, dya, acc);
                else TensorPrimitives.MultiplyAdd(dya, ys.Slice(a * inner, inner), acc, acc);
            }
            for (int a = 0; a < l.Length; a++)
            {
                var ya = ys.Slice(a * inner, inner);
                var dya = dys.Slice(a * inner, inner);
                var dxa = dxs.Slice(a * inner, inner);
                if (log)
                {
                    TensorPrimitives.Exp(ya, dxa);
                    TensorPrimitives.Multiply(dxa, acc, dxa);
                    TensorPrimitives.Subtract(dya, dxa, dxa);
                }
                else
                {
                    TensorPrimitives.Subtract(dya, acc, dxa);
                    TensorPrimitives.Multiply(dxa, ya, dxa);
                }
            }
            ArrayPool<float>.Shared.Return(buffer);
        });
        return dx;
    }
}
