using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// One run of an im2col row with AVX-512 masked loads and stores: padding lanes, the row's
/// ends and a short run's tail are masks, not branches or scalar loops, so a run of any length
/// up to a panel costs one or two vector operations (most runs in late stages are 7–14 wide).
/// Masked-off lanes are never read, so the source may point outside the plane there.
/// </summary>
internal static unsafe class Im2ColRun512
{
    private static readonly Vector512<int> Lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    private static readonly Vector512<int> Halves = Vector512.Create(0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7);
    private static readonly Vector512<int> EvenLanes = Vector512.Create(-1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0);

    /// <summary>
    /// dst[q] = src[(w0 + q)·stride] for q &lt; len where lo ≤ w0 + q &lt; hi and src is not null,
    /// else 0; stride 1 or 2.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, int w0, int len, int lo, int hi, int stride, float* dst)
    {
        for (int q0 = 0; q0 < len; q0 += 16)
        {
            var lane = Lanes + Vector512.Create(q0);
            var store = Vector512.LessThan(lane, Vector512.Create(len));
            var value = Vector512<float>.Zero;
            if (src != null)
            {
                var column = lane + Vector512.Create(w0);
                var valid = store & Vector512.GreaterThanOrEqual(column, Vector512.Create(lo)) & Vector512.LessThan(column, Vector512.Create(hi));
                if (stride == 1)
                {
                    value = Avx512F.MaskLoad(src + w0 + q0, valid.AsSingle(), Vector512<float>.Zero);
                }
                else
                {
                    // Output lane q reads source lane 2q: the first 16 source floats feed lanes 0–7, the next 16 lanes 8–15.
                    float* s = src + 2 * (nint)(w0 + q0);
                    var low = Avx512F.PermuteVar16x32(valid, Halves) & EvenLanes;
                    var high = Avx512F.PermuteVar16x32(valid, Halves + Vector512.Create(8)) & EvenLanes;
                    var a = Avx512F.MaskLoad(s, low.AsSingle(), Vector512<float>.Zero);
                    var b = Avx512F.MaskLoad(s + 16, high.AsSingle(), Vector512<float>.Zero);
                    value = Avx512F.PermuteVar16x32x2(a, EvenOdd.Evens, b);
                }
            }
            Avx512F.MaskStore(dst + q0, store.AsSingle(), value);
        }
    }
}
