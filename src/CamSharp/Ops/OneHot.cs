using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// OneHot: indices (int64 or float, truncated), a constant scalar depth, and values [off, on]
/// of any type; the output inserts a dim of size depth at <c>axis</c> (default −1, counted on
/// the output's rank) holding on at each index and off elsewhere. Negative indices count from
/// depth (opset 11); indices outside [−depth, depth) give a row of off. No gradient flows.
/// </summary>
public sealed class OneHot(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", -1);

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var indices = ctx.Input(0);
        Elementwise.RequireType(this, indices.Type, "indices", DataType.Int64, DataType.Float32);
        int depth = Depth(ctx.RequireConstant(1, "depth"));
        var values = ctx.Input(2);
        if (ShapeUtil.Size(values.Shape) != 2) throw Error($"values is {values}, expected two elements [off, on].");
        var shape = new List<int>(indices.Shape);
        shape.Insert(Axis(indices.Rank), depth);
        ctx.SetOutput(0, values.Type, shape.ToArray());
    }

    public override void Forward(ForwardContext ctx)
    {
        Tensor indices = ctx.Input(0), values = ctx.Input(2), y = ctx.Output(0);
        int depth = Depth(ctx.Input(1));
        int axis = Axis(indices.Rank);
        int outer = ShapeUtil.Size(indices.Shape.AsSpan(0, axis)), inner = ShapeUtil.Size(indices.Shape.AsSpan(axis));
        switch (y.Type)
        {
            case DataType.Float32: Fill(y.Floats, values.Floats); break;
            case DataType.Int64: Fill(y.Longs, values.Longs); break;
            default: Fill(y.Bools, values.Bools); break;
        }

        void Fill<T>(Span<T> output, ReadOnlySpan<T> offOn)
        {
            output.Fill(offOn[0]);
            for (int o = 0; o < outer; o++)
                for (int j = 0; j < inner; j++)
                {
                    int i = o * inner + j;
                    double raw = indices.Type == DataType.Int64 ? indices.Longs[i] : Math.Truncate(indices.Floats[i]);
                    if (raw < 0) raw += depth;
                    if (raw >= 0 && raw < depth) output[(o * depth + (int)raw) * inner + j] = offOn[1];
                }
        }
    }

    private int Axis(int indicesRank)
    {
        long a = _axis < 0 ? _axis + indicesRank + 1 : _axis;
        if (a < 0 || a > indicesRank) throw Error($"axis {_axis} is out of range for indices of rank {indicesRank}.");
        return (int)a;
    }

    private int Depth(Tensor depth)
    {
        if (depth.Length != 1) throw Error($"depth is {depth}, expected one value.");
        double d = depth.GetDouble(0);
        if (!(d >= 1) || d > int.MaxValue) throw Error($"depth is {d}, expected a positive count.");
        return (int)d;
    }
}
