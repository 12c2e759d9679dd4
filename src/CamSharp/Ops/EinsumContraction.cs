using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// The arithmetic of Einsum on float tensors with one label per axis: diagonals of repeated
/// labels, sums over labels nobody needs, permutations, and pairwise contraction as a
/// batched GEMM ([batch, kept A, summed] × [batch, summed, kept B]).
/// </summary>
internal static class EinsumContraction
{
    /// <summary>A tensor and the label of each of its axes.</summary>
    public readonly record struct Operand(Tensor Tensor, int[] Labels);

    /// <summary>Contracts operands with distinct labels each, left to right, into <paramref name="output"/>'s labels.</summary>
    public static Tensor Contract(IReadOnlyList<Operand> operands, int[] output)
    {
        var current = operands[0];
        for (int j = 1; j <= operands.Count; j++)
        {
            var needed = new HashSet<int>(output);
            for (int k = j; k < operands.Count; k++) needed.UnionWith(operands[k].Labels);
            if (j == operands.Count)
            {
                current = SumOut(current, l => needed.Contains(l));
                return Permute(current, output);
            }
            var other = operands[j];
            var a = SumOut(current, l => needed.Contains(l) || other.Labels.Contains(l));
            var b = SumOut(other, l => needed.Contains(l) || a.Labels.Contains(l));
            current = Multiply(a, b, needed);
        }
        return current.Tensor;
    }

    /// <summary>Takes the diagonal over repeated labels (no copy when there are none).</summary>
    public static Operand Diagonal(Tensor t, int[] labels)
    {
        var unique = labels.Distinct().ToArray();
        if (unique.Length == labels.Length) return new Operand(t, labels);
        var strides = ShapeUtil.Strides(t.Shape);
        var shape = unique.Select(l => t.Shape[Array.IndexOf(labels, l)]).ToArray();
        var src = unique.Select(l => labels.Select((x, d) => x == l ? strides[d] : 0).Sum()).ToArray();
        var y = Tensor.Uninitialized(DataType.Float32, shape);
        StridedCopy.Copy(t, 0, src, y, 0, ShapeUtil.Strides(shape), shape);
        return new Operand(y, unique);
    }

    /// <summary>Sums out every axis whose label <paramref name="keep"/> rejects.</summary>
    private static Operand SumOut(Operand x, Func<int, bool> keep)
    {
        if (x.Labels.All(keep)) return x;
        var kept = x.Labels.Where(keep).ToArray();
        var shape = kept.Select(l => x.Tensor.Shape[Array.IndexOf(x.Labels, l)]).ToArray();
        var y = Tensor.Zeros(DataType.Float32, shape);
        var own = ShapeUtil.Strides(shape);
        var dst = x.Labels.Select(l => Array.IndexOf(kept, l) is int k && k >= 0 ? own[k] : 0).ToArray();
        StridedCopy.Accumulate(x.Tensor.Floats, 0, ShapeUtil.Strides(x.Tensor.Shape), y.Floats, 0, dst, x.Tensor.Shape);
        return new Operand(y, kept);
    }

    /// <summary>The tensor with its axes in <paramref name="order"/> (the same tensor when already so).</summary>
    private static Tensor Permute(Operand x, int[] order)
    {
        if (x.Labels.SequenceEqual(order)) return x.Tensor;
        var strides = ShapeUtil.Strides(x.Tensor.Shape);
        var axes = order.Select(l => Array.IndexOf(x.Labels, l)).ToArray();
        var shape = axes.Select(d => x.Tensor.Shape[d]).ToArray();
        var y = Tensor.Uninitialized(DataType.Float32, shape);
        StridedCopy.Copy(x.Tensor, 0, axes.Select(d => strides[d]).ToArray(), y, 0, ShapeUtil.Strides(shape), shape);
        return y;
    }

    /// <summary>Contracts two operands: shared labels still needed are batch axes, the other shared ones are summed.</summary>
    private static Operand Multiply(Operand a, Operand b, HashSet<int> needed)
    {
        var batch = a.Labels.Where(l => b.Labels.Contains(l) && needed.Contains(l)).ToArray();
        var summed = a.Labels.Where(l => b.Labels.Contains(l) && !needed.Contains(l)).ToArray();
        var aOnly = a.Labels.Where(l => !b.Labels.Contains(l)).ToArray();
        var bOnly = b.Labels.Where(l => !a.Labels.Contains(l)).ToArray();
        int Size(Operand o, int[] labels) => labels.Aggregate(1, (p, l) => p * o.Tensor.Shape[Array.IndexOf(o.Labels, l)]);
        int nb = Size(a, batch), m = Size(a, aOnly), k = Size(a, summed), n = Size(b, bOnly);
        var pa = Permute(a, [.. batch, .. aOnly, .. summed]);
        var pb = Permute(b, [.. batch, .. summed, .. bOnly]);
        int[] labels = [.. batch, .. aOnly, .. bOnly];
        var shape = labels.Select(l => a.Labels.Contains(l) ? a.Tensor.Shape[Array.IndexOf(a.Labels, l)] : b.Tensor.Shape[Array.IndexOf(b.Labels, l)]).ToArray();
        var y = Tensor.Zeros(DataType.Float32, shape);
        if (k > 0 && m > 0 && n > 0)
            for (int i = 0; i < nb; i++)
                Sgemm.Multiply(pa.Floats.Slice(i * m * k, m * k), pb.Floats.Slice(i * k * n, k * n), y.Floats.Slice(i * m * n, m * n), m, n, k);
        return new Operand(y, labels);
    }
}
