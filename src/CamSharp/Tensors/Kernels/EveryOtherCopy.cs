using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// dst[k] = src[s + 2k]: a Slice with step 2 along the last axis, as YOLOX's Focus stem takes
/// the four pixel phases of its input (Slice ×4 before a Concat). Sixteen outputs are one
/// permute of two loads instead of sixteen scalar moves.
/// </summary>
internal static class EveryOtherCopy
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> src, int s, Span<float> dst, int d, int n)
    {
        // Bounds first: the vector loop below reads without checks.
        if (n <= 0) return;
        if ((uint)s >= (uint)src.Length || (long)s + 2L * (n - 1) >= src.Length || (uint)d > (uint)dst.Length || d + n > dst.Length)
            throw new ArgumentOutOfRangeException(nameof(n), "Strided copy reaches past its buffers.");
        int k = 0;
        if (Avx512F.IsSupported)
        {
            ref float from = ref MemoryMarshal.GetReference(src);
            ref float to = ref MemoryMarshal.GetReference(dst);
            var evens = EvenOdd.Evens;
            // Each step reads 32 elements from s + 2k: stay inside src.
            for (; k + 16 <= n && (long)s + 2L * k + 32 <= src.Length; k += 16)
            {
                var a = Vector512.LoadUnsafe(ref from, (nuint)(s + 2 * k));
                var b = Vector512.LoadUnsafe(ref from, (nuint)(s + 2 * k + 16));
                Avx512F.PermuteVar16x32x2(a, evens, b).StoreUnsafe(ref to, (nuint)(d + k));
            }
        }
        for (; k < n; k++) dst[d + k] = src[s + 2 * k];
    }
}
