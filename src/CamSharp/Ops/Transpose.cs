using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Transpose: output axis i is input axis perm[i]; perm defaults to the reversed axes.
/// The gradient is the transpose by the inverse permutation.
/// </summary>
internal sealed class Transpose(Node node) : Operator(node)
{
    // Tile edge of the blocked 2-D transpose: 32×32 floats read and written stay in L1.
    private const int Block = 32;

    private readonly long[]? _perm = node.Attributes.GetInts("perm");

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var perm = Perm(x.Rank);
        var shape = new int[x.Rank];
        for (int i = 0; i < shape.Length; i++) shape[i] = x.Shape[perm[i]];
        ctx.SetOutput(0, x.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        Permute(x, ctx.Output(0), Perm(x.Rank));
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } gy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, shape));
            return;
        }
        var perm = Perm(shape.Length);
        var inverse = new int[perm.Length];
        for (int i = 0; i < perm.Length; i++) inverse[perm[i]] = i;
        var gx = Tensor.Uninitialized(DataType.Float32, shape);
        Permute(gy, gx, inverse);
        ctx.SetInputGrad(0, gx);
    }

    private int[] Perm(int rank)
    {
        var perm = new int[rank];
        if (_perm is null)
        {
            for (int i = 0; i < rank; i++) perm[i] = rank - 1 - i;
            return perm;
        }
        if (_perm.Length != rank)
            throw Error($"perm [{string.Join(", ", _perm)}] has {_perm.Length} entries, expected {rank} (the input's rank).");
        var seen = new bool[rank];
        for (int i = 0; i < rank; i++)
        {
            long p = _perm[i];
            if (p < 0 || p >= rank || seen[p]) throw Error($"perm [{string.Join(", ", _perm)}] is not a permutation of 0..{rank - 1}.");
            seen[p] = true;
            perm[i] = (int)p;
        }
        return perm;
    }

    /// <summary>Writes <paramref name="src"/> permuted by <paramref name="perm"/> into <paramref name="dst"/> (already of the permuted shape).</summary>
    internal static void Permute(Tensor src, Tensor dst, int[] perm)
    {
        var (shape, p) = Simplify(src.Shape, perm);
        int r = shape.Length;
        if (r <= 1 || src.Length == 0)
        {
            // Only size-1 axes moved: the element order is unchanged.
            StridedCopy.CopyData(src, dst);
            return;
        }

        var inStrides = ShapeUtil.Strides(shape);
        var outShape = new int[r];
        var readStrides = new int[r];
        for (int i = 0; i < r; i++)
        {
            outShape[i] = shape[p[i]];
            readStrides[i] = inStrides[p[i]];
        }
        if (p[r - 1] == r - 1)
        {
            // The innermost axis stays innermost: contiguous rows.
            StridedCopy.Copy(src, 0, readStrides, dst, 0, ShapeUtil.Strides(outShape), outShape);
            return;
        }
        switch (src.Type)
        {
            case DataType.Float32: Blocked<float>(src.Floats, dst.Floats, outShape, readStrides, p); break;
            case DataType.Int64: Blocked<long>(src.Longs, dst.Longs, outShape, readStrides, p); break;
            default: Blocked<bool>(src.Bools, dst.Bools, outShape, readStrides, p); break;
        }
    }

    /// <summary>
    /// Drops size-1 axes and merges input axes that stay adjacent in the output, so NCHW→NHWC
    /// becomes a batch of 2-D transposes and [B,N,H,D]→[B,H,N,D] a copy of D-long rows.
    /// </summary>
    private static (int[] Shape, int[] Perm) Simplify(int[] shape, int[] perm)
    {
        int r = shape.Length;
        var newIndex = new int[r];
        int kept = 0;
        for (int a = 0; a < r; a++) newIndex[a] = shape[a] == 1 ? -1 : kept++;
        var p = new List<int>(kept);
        foreach (int a in perm)
            if (newIndex[a] >= 0) p.Add(newIndex[a]);
        var s = new List<int>(kept);
        foreach (int d in shape)
            if (d != 1) s.Add(d);

        // Groups of output positions whose input axes are consecutive.
        var groupOfAxis = new int[kept];
        var groupStarts = new List<int>();
        for (int j = 0; j < kept; j++)
        {
            if (j == 0 || p[j] != p[j - 1] + 1) groupStarts.Add(p[j]);
            groupOfAxis[p[j]] = groupStarts.Count - 1;
        }
        int g = groupStarts.Count;
        // New input axes are the groups in input order.
        var mergedShape = new int[g];
        var rankOfGroup = new int[g];
        int next = 0;
        for (int a = 0; a < kept; a++)
        {
            if (a == 0 || groupOfAxis[a] != groupOfAxis[a - 1]) rankOfGroup[groupOfAxis[a]] = next++;
            mergedShape[next - 1] = a == 0 || groupOfAxis[a] != groupOfAxis[a - 1] ? s[a] : mergedShape[next - 1] * s[a];
        }
        var mergedPerm = new int[g];
        for (int k = 0; k < g; k++) mergedPerm[k] = rankOfGroup[k];
        return (mergedShape, mergedPerm);
    }

    /// <summary>
    /// Transposes tile by tile between the output's innermost axis and the output axis that
    /// walks the input's innermost axis; the other axes are an outer odometer.
    /// </summary>
    private static void Blocked<T>(ReadOnlySpan<T> src, Span<T> dst, int[] outShape, int[] readStrides, int[] perm)
    {
        int r = outShape.Length;
        var outStrides = ShapeUtil.Strides(outShape);
        int q = Array.IndexOf(perm, r - 1);
        int nq = outShape[q], oq = outStrides[q];
        int na = outShape[r - 1], sa = readStrides[r - 1];

        if (src.Length < ShapeUtil.Size(outShape) || dst.Length < src.Length) throw new ArgumentException("Transpose buffers are too short.");
        // Offsets below stay inside [0, size): they come from the row-major strides of the same shape.
        ref T s0 = ref MemoryMarshal.GetReference(src);
        ref T d0 = ref MemoryMarshal.GetReference(dst);

        int m = r - 2;
        Span<int> n = stackalloc int[m], rs = stackalloc int[m], ws = stackalloc int[m], idx = stackalloc int[m];
        for (int i = 0, k = 0; i < r - 1; i++)
        {
            if (i == q) continue;
            n[k] = outShape[i];
            rs[k] = readStrides[i];
            ws[k] = outStrides[i];
            k++;
        }
        idx.Clear();

        int s = 0, d = 0;
        while (true)
        {
            for (int i0 = 0; i0 < nq; i0 += Block)
            {
                int i1 = Math.Min(i0 + Block, nq);
                for (int j0 = 0; j0 < na; j0 += Block)
                {
                    int j1 = Math.Min(j0 + Block, na);
                    for (int i = i0; i < i1; i++)
                    {
                        ref T row = ref Unsafe.Add(ref d0, d + i * oq);
                        int from = s + i + j0 * sa;
                        for (int j = j0; j < j1; j++, from += sa) Unsafe.Add(ref row, j) = Unsafe.Add(ref s0, from);
                    }
                }
            }
            int k = m - 1;
            for (; k >= 0; k--)
            {
                s += rs[k];
                d += ws[k];
                if (++idx[k] < n[k]) break;
                s -= rs[k] * n[k];
                d -= ws[k] * n[k];
                idx[k] = 0;
            }
            if (k < 0) return;
        }
    }
}
