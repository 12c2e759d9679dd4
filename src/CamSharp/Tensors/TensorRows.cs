namespace CamSharp.Tensors;

/// <summary>Batch-row helpers: repeat, take and stack rows along the first dimension.</summary>
public static class TensorRows
{
    /// <summary>Copies a batch-1 tensor <paramref name="rows"/> times along the first dimension.</summary>
    public static Tensor Tile(Tensor t, int rows)
    {
        int[] shape = [rows, .. t.Shape[1..]];
        var r = Tensor.Uninitialized(t.Type, shape);
        int n = t.Length;
        for (int i = 0; i < rows; i++) CopyValues(t, 0, r, i * n, n);
        return r;
    }

    /// <summary>Row <paramref name="row"/> of a tensor, keeping a leading dimension of 1.</summary>
    public static Tensor Row(Tensor t, int row)
    {
        int n = t.Length / t.Shape[0];
        var r = Tensor.Uninitialized(t.Type, [1, .. t.Shape[1..]]);
        CopyValues(t, row * n, r, 0, n);
        return r;
    }

    /// <summary>Stacks batch-1 tensors along the first dimension.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> rows)
    {
        var first = rows[0];
        int n = first.Length;
        var r = Tensor.Uninitialized(first.Type, [rows.Count * first.Shape[0], .. first.Shape[1..]]);
        for (int i = 0; i < rows.Count; i++) CopyValues(rows[i], 0, r, i * n, n);
        return r;
    }

    /// <summary>Copies <paramref name="count"/> values, whatever their type, from one tensor into another of the same type.</summary>
    internal static void CopyValues(Tensor from, int fromStart, Tensor to, int toStart, int count)
    {
        switch (from.Type)
        {
            case DataType.Float32: from.Floats.Slice(fromStart, count).CopyTo(to.Floats.Slice(toStart, count)); break;
            case DataType.Int64: from.Longs.Slice(fromStart, count).CopyTo(to.Longs.Slice(toStart, count)); break;
            default: from.Bools.Slice(fromStart, count).CopyTo(to.Bools.Slice(toStart, count)); break;
        }
    }

    /// <summary>Equal-sized float rows stacked into one tensor shaped [rows, ..<paramref name="rowShape"/>].</summary>
    public static Tensor Stack(IReadOnlyList<float[]> rows, params int[] rowShape)
    {
        ArgumentNullException.ThrowIfNull(rows);
        int per = rowShape.Aggregate(1, (a, d) => checked(a * d));
        var data = new float[checked(rows.Count * per)];
        for (int k = 0; k < rows.Count; k++)
        {
            if (rows[k].Length != per) throw new ArgumentException($"Row {k} has {rows[k].Length} values; {per} expected.", nameof(rows));
            rows[k].CopyTo(data, k * per);
        }
        return Tensor.FromFloats(data, [rows.Count, .. rowShape]);
    }
}
