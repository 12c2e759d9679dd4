using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The index tuples of GatherND and ScatterND: indices of shape [..., m] address slices of
/// data (the trailing dimensions after the first batch_dims + m); each tuple becomes the
/// flat offset of its slice. Negative indices count from the end.
/// </summary>
internal static class NdIndex
{
    /// <summary>Shape checks; returns m, the tuple length.</summary>
    public static int TupleLength(Node node, int[] data, int[] indices, int batchDims)
    {
        if (indices.Length < 1 || data.Length < 1) throw new ModelException($"{node}: data and indices must have rank ≥ 1.");
        int m = indices[^1];
        if (batchDims < 0 || batchDims >= Math.Min(data.Length, indices.Length))
            throw new ModelException($"{node}: batch_dims {batchDims} must be below the ranks of data {ShapeArgs.Format(data)} and indices {ShapeArgs.Format(indices)}.");
        for (int d = 0; d < batchDims; d++)
            if (data[d] != indices[d])
                throw new ModelException($"{node}: batch dimension {d} differs: data {ShapeArgs.Format(data)}, indices {ShapeArgs.Format(indices)}.");
        if (m < 1 || m > data.Length - batchDims)
            throw new ModelException($"{node}: indices' last dimension {m} must be in [1, {data.Length - batchDims}] for data {ShapeArgs.Format(data)}.");
        return m;
    }

    /// <summary>The flat data offset of every tuple, in order, and the size of one slice.</summary>
    public static (int[] Offsets, int Slice) Offsets(Node node, int[] data, Tensor indices, int batchDims)
    {
        int m = TupleLength(node, data, indices.Shape, batchDims);
        int slice = ShapeArgs.Product(data, batchDims + m, data.Length);
        int batches = ShapeArgs.Product(data, 0, batchDims);
        int batchStride = ShapeArgs.Product(data, batchDims, data.Length);
        int tuples = ShapeArgs.Product(indices.Shape, 0, indices.Rank - 1);
        int perBatch = batches == 0 ? 0 : tuples / batches;
        var idx = indices.Longs;
        var offsets = new int[tuples];
        for (int t = 0; t < tuples; t++)
        {
            long at = (long)(t / Math.Max(perBatch, 1)) * batchStride;
            long stride = slice;
            for (int j = m - 1; j >= 0; j--)
            {
                int dim = data[batchDims + j];
                long i = idx[t * m + j];
                if (i < -dim || i >= dim) throw new ModelException($"{node}: index {i} is out of range for dimension {batchDims + j} of size {dim}.");
                at += (i < 0 ? i + dim : i) * stride;
                stride *= dim;
            }
            offsets[t] = (int)at;
        }
        return (offsets, slice);
    }
}
