using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX NonZero: the indices of the non-zero elements as int64 [rank, count], in row-major
/// order (numpy.nonzero stacked). The count depends on the values, so unless the input is
/// known at plan time the node is deferred to run time.
/// </summary>
internal sealed class NonZero(Node node) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Constant(0);
        if (x is null)
        {
            ctx.SetDynamicOutput(0, DataType.Int64);
            return;
        }
        int count = 0;
        for (int i = 0; i < x.Length; i++) if (x.GetDouble(i) != 0) count++;
        ctx.SetOutput(0, DataType.Int64, [x.Rank, count]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0).Longs;
        int count = ctx.Output(0).Shape[1], rank = x.Rank, found = 0;
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        idx.Clear();
        for (int i = 0; i < x.Length; i++)
        {
            if (x.GetDouble(i) != 0)
            {
                if (found == count) throw Error("the input changed between shape inference and the run.");
                for (int d = 0; d < rank; d++) y[d * count + found] = idx[d];
                found++;
            }
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++idx[d] < x.Shape[d]) break;
                idx[d] = 0;
            }
        }
        if (found != count) throw Error("the input changed between shape inference and the run.");
    }
}
