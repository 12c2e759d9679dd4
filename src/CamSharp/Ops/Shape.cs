using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Shape: the input's dimensions as a 1-D int64 tensor, optionally dims[start:end]
/// (opset 15; negative values count from the end, then both are clamped to [0, rank]).
/// The value follows from shapes alone, so Infer declares it constant.
/// </summary>
internal sealed class Shape(Node node, int opset) : Operator(node)
{
    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx) => ctx.SetConstantOutput(0, Dims(ctx.Input(0).Shape));

    public override void Forward(ForwardContext ctx) => Dims(ctx.Input(0).Shape).Longs.CopyTo(ctx.Output(0).Longs);

    private Tensor Dims(int[] shape)
    {
        int rank = shape.Length;
        int start = 0, end = rank;
        if (opset >= 15)
        {
            start = Clamp(Node.Attributes.GetInt("start", 0), rank);
            end = Clamp(Node.Attributes.GetInt("end", rank), rank);
        }
        var dims = new long[Math.Max(end - start, 0)];
        for (int i = 0; i < dims.Length; i++) dims[i] = shape[start + i];
        return Tensor.Vector(dims);
    }

    private static int Clamp(long v, int rank) => (int)Math.Clamp(v < 0 ? v + rank : v, 0, rank);
}
