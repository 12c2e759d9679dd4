using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>One axis of a row-major shape seen as (outer, count, inner): <c>count</c> elements <c>inner</c> apart.</summary>
public static class AxisLayout
{
    /// <summary>The non-negative axis for <paramref name="axis"/> (negative counts from the end), or an error naming the node.</summary>
    public static int Resolve(Operator op, long axis, int[] shape)
    {
        long a = axis < 0 ? axis + shape.Length : axis;
        if (a < 0 || a >= shape.Length)
            throw new ModelException($"{op.Node}: axis {axis} is out of range for input [{ShapeUtil.Format(shape)}].");
        return (int)a;
    }

    /// <summary>(outer, count, inner) of <paramref name="shape"/> around <paramref name="axis"/>.</summary>
    public static (int Outer, int Count, int Inner) Split(int[] shape, int axis) =>
        (ShapeUtil.Size(shape.AsSpan(0, axis)), shape[axis], ShapeUtil.Size(shape.AsSpan(axis + 1)));
}
