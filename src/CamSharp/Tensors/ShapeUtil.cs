namespace CamSharp.Tensors;

/// <summary>Shape arithmetic shared by operators: sizes, strides, NumPy broadcasting.</summary>
public static class ShapeUtil
{
    /// <summary>Element count; checked so a hostile shape cannot overflow silently.</summary>
    public static int Size(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in shape [{Format(shape)}].");
            n *= d;
            if (n > int.MaxValue) throw new ArgumentException($"Shape [{Format(shape)}] has more than {int.MaxValue} elements.");
        }
        return (int)n;
    }

    /// <summary>Row-major strides in elements.</summary>
    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        int acc = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /// <summary>Multidirectional (NumPy) broadcast of two shapes, or null when they do not broadcast.</summary>
    public static int[]? TryBroadcast(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var r = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            int da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            int db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da == db || db == 1) r[i] = da;
            else if (da == 1) r[i] = db;
            else return null;
        }
        return r;
    }

    /// <summary>Broadcast of several shapes; throws with both shapes named when they do not fit.</summary>
    public static int[] Broadcast(params int[][] shapes)
    {
        int[] r = shapes.Length == 0 ? [] : shapes[0];
        for (int i = 1; i < shapes.Length; i++)
            r = TryBroadcast(r, shapes[i]) ?? throw new ArgumentException($"Shapes [{Format(r)}] and [{Format(shapes[i])}] do not broadcast.");
        return r;
    }

    /// <summary>Normalises a possibly negative axis against a rank, with a clear error.</summary>
    public static int Axis(long axis, int rank, string what = "axis")
    {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= Math.Max(rank, 1)) throw new ArgumentException($"{what} {axis} is out of range for rank {rank}.");
        return (int)a;
    }

    public static string Format(ReadOnlySpan<int> shape) => string.Join(", ", shape.ToArray());

    public static bool Equal(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
