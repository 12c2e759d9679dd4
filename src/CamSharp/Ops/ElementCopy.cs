using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Copies elements by flat index between tensors of one type: the move behind the indexing
/// operators (DepthToSpace, GatherND, ScatterND, …), whatever the element type.
/// </summary>
internal static class ElementCopy
{
    /// <summary>dst[map[k]] = src[k] for every k, or dst[k] = src[map[k]] when <paramref name="gather"/>.</summary>
    public static void Permute(Tensor src, Tensor dst, ReadOnlySpan<int> map, bool gather)
    {
        switch (src.Type)
        {
            case DataType.Float32: Permute<float>(src.Floats, dst.Floats, map, gather); break;
            case DataType.Int64: Permute<long>(src.Longs, dst.Longs, map, gather); break;
            default: Permute<bool>(src.Bools, dst.Bools, map, gather); break;
        }
    }

    /// <summary>Copies <paramref name="count"/> elements from src[srcAt..] to dst[dstAt..].</summary>
    public static void Block(Tensor src, int srcAt, Tensor dst, int dstAt, int count) =>
        TensorRows.CopyValues(src, srcAt, dst, dstAt, count);

    /// <summary>Copies every element of src into dst (same type and length).</summary>
    public static void All(Tensor src, Tensor dst) => Block(src, 0, dst, 0, src.Length);

    private static void Permute<T>(ReadOnlySpan<T> src, Span<T> dst, ReadOnlySpan<int> map, bool gather)
    {
        if (gather) for (int k = 0; k < map.Length; k++) dst[k] = src[map[k]];
        else for (int k = 0; k < map.Length; k++) dst[map[k]] = src[k];
    }
}
