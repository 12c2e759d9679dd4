using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// What the flat depthwise kernels (<see cref="Depthwise3x3Flat"/>, <see cref="Depthwise3x3Rows"/>)
/// share: the column of each lane as a kernel walks a plane 16 outputs at a time, the fused
/// Relu or Clip in the register before the store (<see cref="IVectorActivation"/>; SiLU is a second
/// pass over the plane, whose constants would crowd the taps out of the registers), and a masked
/// store for a plane's last partial vector (the next plane may belong to another thread).
/// Static and inlined, so that the kernels keep everything in registers.
/// </summary>
internal static unsafe class DepthwiseEpilogue
{
    /// <summary>
    /// 0 … 15, a constant in the code: a static field would be read through a runtime helper call,
    /// and a call in a kernel's loop makes the JIT keep the kernel's vectors on the stack.
    /// </summary>
    private static Vector512<int> Lanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    }

    /// <summary>Lane l's column in a plane's first vector: l mod width.</summary>
    public static Vector512<int> FirstColumns(int width)
    {
        var col = Lanes;
        var w = Vector512.Create(width);
        while (Vector512.GreaterThanOrEqualAny(col, w)) col -= Vector512.GreaterThanOrEqual(col, w) & w;
        return col;
    }

    /// <summary>The columns 16 outputs further on: <paramref name="step"/> is 16 mod width, so one wrap at most.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> Next(Vector512<int> col, Vector512<int> step, Vector512<int> width)
    {
        col += step;
        return col - (Vector512.GreaterThanOrEqual(col, width) & width);
    }

    /// <summary>All-ones lanes whose left neighbour is in the same row (the left tap is not padding).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HasLeft(Vector512<int> col) => Vector512.GreaterThan(col, Vector512<int>.Zero).AsSingle();

    /// <summary>All-ones lanes whose right neighbour is in the same row (<paramref name="last"/> is width − 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HasRight(Vector512<int> col, Vector512<int> last) => Vector512.LessThan(col, last).AsSingle();

    /// <summary>The bounds of a Relu or Clip (unused by the other activations).</summary>
    public static (Vector512<float> Lo, Vector512<float> Hi) Bounds(Activation activation) => activation.Kind switch
    {
        ActivationKind.Relu => (Vector512<float>.Zero, Vector512.Create(float.PositiveInfinity)),
        ActivationKind.Clip => (Vector512.Create(activation.Lo), Vector512.Create(activation.Hi)),
        _ => (default, default),
    };

    /// <summary>Stores outputs [q, q + 16) of a plane of <paramref name="size"/>, fewer at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> acc, float* y, int q, int size)
    {
        if (q + 16 <= size) acc.Store(y + q);
        else Avx512F.MaskStore(y + q, Vector512.LessThan(Lanes, Vector512.Create(size - q)).AsSingle(), acc);
    }
}

/// <summary>
/// The fused activation applied to a register of outputs before the store: a type argument, so
/// the JIT compiles each kernel once per activation without a branch in its loop.
/// </summary>
internal interface IVectorActivation
{
    static abstract Vector512<float> Apply(Vector512<float> acc, Vector512<float> lo, Vector512<float> hi);
}

internal readonly struct NoActivation : IVectorActivation
{
    public static Vector512<float> Apply(Vector512<float> acc, Vector512<float> lo, Vector512<float> hi) => acc;
}

/// <summary>Relu (0, +∞) or Clip: Max then Min, as the Clip operator does (lo &gt; hi gives hi); NaN stays NaN, as in the GEMM's epilogue.</summary>
internal readonly struct ClampActivation : IVectorActivation
{
    public static Vector512<float> Apply(Vector512<float> acc, Vector512<float> lo, Vector512<float> hi) =>
        Avx512F.Min(hi, Avx512F.Max(lo, acc));
}
