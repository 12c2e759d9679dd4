using System.Runtime.CompilerServices;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Per-thread, 64-byte aligned scratch for packed panels. Aligned so that every 512-bit
/// load of a packed panel stays within one cache line; pinned (POH) so raw pointers stay
/// valid; grown on demand and kept for the thread's life.
/// </summary>
internal static unsafe class SgemmScratch
{
    [ThreadStatic] private static float[]? t_packA;
    [ThreadStatic] private static float[]? t_packB;
    [ThreadStatic] private static float[]? t_tile;
    [ThreadStatic] private static float[]? t_sharedB;

    public static float* PackA(int count) => Get(ref t_packA, count);

    public static float* PackB(int count) => Get(ref t_packB, count);

    public static float* Tile(int count) => Get(ref t_tile, count);

    /// <summary>B packed by the calling thread and read by its helpers during one call.</summary>
    public static float* SharedB(int count) => Get(ref t_sharedB, count);

    /// <summary>A new pinned array with room for <paramref name="count"/> floats from a 64-byte boundary.</summary>
    public static float[] AllocateAligned(int count) => GC.AllocateUninitializedArray<float>(count + 16, pinned: true);

    /// <summary>The first 64-byte aligned element of an array from <see cref="AllocateAligned"/>.</summary>
    public static float* Aligned(float[] array)
    {
        nint p = (nint)Unsafe.AsPointer(ref array[0]);
        return (float*)((p + 63) & ~(nint)63);
    }

    private static float* Get(ref float[]? slot, int count)
    {
        if (slot is null || slot.Length < count + 16) slot = AllocateAligned(Math.Max(count, 1024));
        return Aligned(slot);
    }
}
