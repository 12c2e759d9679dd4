using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>Reads and checks the axis, shape and index arguments of shape operators; errors name the node.</summary>
internal static class ShapeArgs
{
    /// <summary>An axis in [-rank, rank-1] (or up to rank when <paramref name="allowRank"/>), made non-negative.</summary>
    public static int Axis(Node node, long axis, int rank, string what = "axis", bool allowRank = false)
    {
        int hi = allowRank ? rank : rank - 1;
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a > hi)
            throw new ModelException($"{node}: {what} {axis} is out of range for rank {rank} (accepted [{-rank}, {hi}]).");
        return (int)a;
    }

    /// <summary>Distinct axes, each in [-rank, rank-1], made non-negative (in the given order).</summary>
    public static int[] Axes(Node node, ReadOnlySpan<long> axes, int rank, string what = "axes")
    {
        var r = new int[axes.Length];
        var seen = new bool[rank];
        for (int i = 0; i < axes.Length; i++)
        {
            r[i] = Axis(node, axes[i], rank, what);
            if (seen[r[i]]) throw new ModelException($"{node}: {what} [{string.Join(", ", axes.ToArray())}] repeat axis {r[i]}.");
            seen[r[i]] = true;
        }
        return r;
    }

    /// <summary>The values of a 1-D (or scalar) int64 tensor: a shape, axes or repeats input.</summary>
    public static long[] Longs(Node node, Tensor t, string what)
    {
        if (t.Type != DataType.Int64) throw new ModelException($"{node}: {what} is {t.Type}, expected Int64.");
        if (t.Rank > 1) throw new ModelException($"{node}: {what} has shape [{ShapeUtil.Format(t.Shape)}], expected 1-D.");
        return t.Longs.ToArray();
    }

    /// <summary>A dimension that fits the engine's int sizes.</summary>
    public static int Dim(Node node, long d, string what)
    {
        if (d < 0 || d > int.MaxValue) throw new ModelException($"{node}: {what} {d} is not a valid dimension.");
        return (int)d;
    }

    /// <summary>Product of <paramref name="shape"/>[from..to).</summary>
    public static int Product(ReadOnlySpan<int> shape, int from, int to)
    {
        int p = 1;
        for (int i = from; i < to; i++) p *= shape[i];
        return p;
    }

    /// <summary>"[1, 64, 20, 20]" for messages.</summary>
    public static string Format(ReadOnlySpan<int> shape) => $"[{ShapeUtil.Format(shape)}]";
}
