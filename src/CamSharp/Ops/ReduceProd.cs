using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// ReduceProd: Πx (1 for an empty group), float or int64 (int64 wraps on overflow, as C does). dx_i = dy · Π_{j≠i} x_j, formed without dividing by
/// x_i so zeros are exact: with one zero only that element gets a gradient, with two none does.
/// </summary>
public sealed class ReduceProd(Node node, int opset) : GroupedReduce(node, opset)
{
    protected override float Combine(ReadOnlySpan<float> group) => group.IsEmpty ? 1f : TensorPrimitives.Product(group);

    protected override bool AcceptsInt64 => true;

    protected override long CombineInt64(ReadOnlySpan<long> group)
    {
        long product = 1;
        foreach (long v in group) product = unchecked(product * v);
        return product;
    }

    protected override void GroupGradient(ReadOnlySpan<float> x, float y, float dy, Span<float> dx)
    {
        int zeros = 0, zeroAt = -1;
        float others = 1;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] == 0)
            {
                zeros++;
                zeroAt = i;
            }
            else others *= x[i];
        }
        dx.Clear();
        if (zeros == 1) dx[zeroAt] = dy * others;
        else if (zeros == 0)
            for (int i = 0; i < x.Length; i++) dx[i] = dy * others / x[i];
    }
}
