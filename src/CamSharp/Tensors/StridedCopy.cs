using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace CamSharp.Tensors;

/// <summary>
/// Element moves between strided layouts of dense buffers: the one kernel behind Slice,
/// Expand, Tile, Concat and Split, and (as <see cref="Accumulate"/>) behind their gradients.
/// Strides are in elements and may be zero (broadcast) or negative (reversed slice). Axes
/// that are contiguous on both sides are merged first, so most calls become a few long
/// <see cref="Span{T}.CopyTo"/> rows.
/// </summary>
public static class StridedCopy
{
    /// <summary>Copies all elements of <paramref name="src"/> into <paramref name="dst"/> (same type and length, any shapes).</summary>
    public static void CopyData(Tensor src, Tensor dst)
    {
        if (src.Type != dst.Type || src.Length != dst.Length)
            throw new ArgumentException($"Cannot copy {src} into {dst}.");
        switch (src.Type)
        {
            case DataType.Float32: src.Floats.CopyTo(dst.Floats); break;
            case DataType.Int64: src.Longs.CopyTo(dst.Longs); break;
            default: src.Bools.CopyTo(dst.Bools); break;
        }
    }

    /// <summary>
    /// For every index i of <paramref name="shape"/>:
    /// dst[dstOffset + Σ i·dstStrides] = src[srcOffset + Σ i·srcStrides].
    /// </summary>
    public static void Copy(Tensor src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Tensor dst, int dstOffset, ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape)
    {
        if (src.Type != dst.Type) throw new ArgumentException($"Cannot copy {src.Type} elements into a {dst.Type} tensor.");
        if (!Simplify(shape, srcStrides, dstStrides, out var n, out var ss, out var ds)) return;
        switch (src.Type)
        {
            case DataType.Float32: Walk<float, CopyRow<float>>(src.Floats, srcOffset, ss, dst.Floats, dstOffset, ds, n); break;
            case DataType.Int64: Walk<long, CopyRow<long>>(src.Longs, srcOffset, ss, dst.Longs, dstOffset, ds, n); break;
            default: Walk<bool, CopyRow<bool>>(src.Bools, srcOffset, ss, dst.Bools, dstOffset, ds, n); break;
        }
    }

    /// <summary>
    /// Like <see cref="Copy"/> but adds into float <paramref name="dst"/>; destination strides
    /// may repeat positions (zero strides), which is how broadcast gradients are summed.
    /// </summary>
    public static void Accumulate(ReadOnlySpan<float> src, int srcOffset, ReadOnlySpan<int> srcStrides,
        Span<float> dst, int dstOffset, ReadOnlySpan<int> dstStrides, ReadOnlySpan<int> shape)
    {
        if (!Simplify(shape, srcStrides, dstStrides, out var n, out var ss, out var ds)) return;
        Walk<float, AddRow>(src, srcOffset, ss, dst, dstOffset, ds, n);
    }

    /// <summary>Drops size-1 axes and merges neighbours contiguous on both sides; false when there is nothing to move.</summary>
    private static bool Simplify(ReadOnlySpan<int> shape, ReadOnlySpan<int> srcStrides, ReadOnlySpan<int> dstStrides,
        out int[] n, out int[] ss, out int[] ds)
    {
        if (srcStrides.Length != shape.Length || dstStrides.Length != shape.Length)
            throw new ArgumentException("Strides must have one entry per axis.");
        n = new int[Math.Max(shape.Length, 1)];
        ss = new int[n.Length];
        ds = new int[n.Length];
        int r = 0;
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0) return false;
            if (shape[i] == 1) continue;
            if (r > 0 && ss[r - 1] == srcStrides[i] * shape[i] && ds[r - 1] == dstStrides[i] * shape[i])
            {
                n[r - 1] *= shape[i];
                ss[r - 1] = srcStrides[i];
                ds[r - 1] = dstStrides[i];
                continue;
            }
            n[r] = shape[i];
            ss[r] = srcStrides[i];
            ds[r] = dstStrides[i];
            r++;
        }
        if (r == 0)
        {
            // A single element.
            n[0] = 1;
            ss[0] = ds[0] = 1;
            r = 1;
        }
        Array.Resize(ref n, r);
        Array.Resize(ref ss, r);
        Array.Resize(ref ds, r);
        return true;
    }

    /// <summary>Runs <typeparamref name="TRow"/> over every innermost row, stepping the outer axes as an odometer.</summary>
    private static void Walk<T, TRow>(ReadOnlySpan<T> src, int s, int[] ss, Span<T> dst, int d, int[] ds, int[] n)
        where TRow : IRowOp<T>
    {
        int r = n.Length;
        int len = n[r - 1], sIn = ss[r - 1], dIn = ds[r - 1];
        Span<int> idx = r <= 16 ? stackalloc int[r] : new int[r];
        idx.Clear();
        while (true)
        {
            TRow.Row(src, s, sIn, dst, d, dIn, len);
            int k = r - 2;
            for (; k >= 0; k--)
            {
                s += ss[k];
                d += ds[k];
                if (++idx[k] < n[k]) break;
                s -= ss[k] * n[k];
                d -= ds[k] * n[k];
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }

    private interface IRowOp<T>
    {
        static abstract void Row(ReadOnlySpan<T> src, int s, int ss, Span<T> dst, int d, int ds, int n);
    }

    private readonly struct CopyRow<T> : IRowOp<T> where T : struct
    {
        public static void Row(ReadOnlySpan<T> src, int s, int ss, Span<T> dst, int d, int ds, int n)
        {
            if (ss == 1 && ds == 1) src.Slice(s, n).CopyTo(dst.Slice(d, n));
            else if (ss == 0 && ds == 1) dst.Slice(d, n).Fill(src[s]);
            else if (typeof(T) == typeof(float) && ss == 2 && ds == 1)
                Kernels.EveryOtherCopy.Run(MemoryMarshal.Cast<T, float>(src), s, MemoryMarshal.Cast<T, float>(dst), d, n);
            else for (int k = 0; k < n; k++, s += ss, d += ds) dst[d] = src[s];
        }
    }

    private readonly struct AddRow : IRowOp<float>
    {
        public static void Row(ReadOnlySpan<float> src, int s, int ss, Span<float> dst, int d, int ds, int n)
        {
            if (ss == 1 && ds == 1) TensorPrimitives.Add(dst.Slice(d, n), src.Slice(s, n), dst.Slice(d, n));
            else if (ss == 1 && ds == 0) dst[d] += TensorPrimitives.Sum(src.Slice(s, n));
            else for (int k = 0; k < n; k++, s += ss, d += ds) dst[d] += src[s];
        }
    }
}
