using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// An elementwise operator of one input: same shape out, float compute (int64 where the
/// subclass allows it), and a backward of the form dx = g · f′ read from the input or the
/// output, as <see cref="Operator.Needs"/> says.
/// </summary>
internal abstract class UnaryOperator(Node node) : Operator(node)
{
    /// <summary>Whether int64 inputs are accepted (then <see cref="ComputeInt64"/> runs).</summary>
    protected virtual bool AcceptsInt64 => false;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (AcceptsInt64) Elementwise.RequireType(this, x.Type, "input", DataType.Float32, DataType.Int64);
        else Elementwise.RequireType(this, x.Type, "input", DataType.Float32);
        ctx.SetOutput(0, x.Type, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        if (x.Type == DataType.Int64) ComputeInt64(x.Longs, y.Longs);
        else Elementwise.Map(x, y, Compute);
    }

    /// <summary>y = f(x) over one block.</summary>
    protected abstract void Compute(ReadOnlySpan<float> x, Span<float> y);

    /// <summary>y = f(x) for int64 tensors (shape arithmetic is small: no chunking).</summary>
    protected virtual void ComputeInt64(ReadOnlySpan<long> x, Span<long> y) =>
        throw Error("int64 input is not supported.");

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        if (ctx.OutputGrad(0) is not { } g)
        {
            Elementwise.SetZeroGrads(ctx);
            return;
        }
        var saved = Needs.HasFlag(BackwardNeeds.Outputs) ? ctx.Output(0)
            : Needs.HasFlag(BackwardNeeds.Inputs) ? ctx.Input(0)
            : g;
        var dx = Tensor.Uninitialized(DataType.Float32, ctx.InputInfo(0).Shape);
        Elementwise.Zip(g, saved, dx, Derivative);
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>
    /// dx = g · f′ over one block; <paramref name="saved"/> is the output when Needs is
    /// Outputs, the input when it is Inputs, and g itself when it is None.
    /// </summary>
    protected abstract void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> saved, Span<float> dx);
}
