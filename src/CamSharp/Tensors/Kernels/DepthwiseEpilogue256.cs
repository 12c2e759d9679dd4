using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// What the AVX2 depthwise kernels (<see cref="Depthwise3x3Rows256"/>, <see cref="DepthwiseBlocked256"/>) share:
/// lane masks for the columns of a row that lie inside it, the fused Relu or Clip in the register
/// before the store (<see cref="IVectorActivation256"/>), and SiLU as a second pass over a few
/// rows while they are in L1 (its constants would crowd the nine taps out of AVX2's sixteen registers).
/// Static and inlined, so that the kernels keep everything in registers.
/// </summary>
internal static unsafe class DepthwiseEpilogue256
{
    /// <summary>0 … 7, a constant in the code (a static field would be read through a helper call).</summary>
    private static Vector256<int> Lanes
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
    }

    /// <summary>All-ones lanes l whose column <paramref name="first"/> + l lies in [0, <paramref name="width"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Inside(int first, int width)
    {
        var col = Lanes + Vector256.Create(first);
        return (Vector256.GreaterThanOrEqual(col, Vector256<int>.Zero) & Vector256.LessThan(col, Vector256.Create(width))).AsSingle();
    }

    /// <summary>The bounds of a Relu or Clip (unused by the other activations).</summary>
    public static (Vector256<float> Lo, Vector256<float> Hi) Bounds(Activation activation) => activation.Kind switch
    {
        ActivationKind.Relu => (Vector256<float>.Zero, Vector256.Create(float.PositiveInfinity)),
        ActivationKind.Clip => (Vector256.Create(activation.Lo), Vector256.Create(activation.Hi)),
        _ => (default, default),
    };

    /// <summary>
    /// Stores outputs [q, q + 8) of a row of <paramref name="width"/>, fewer at its end. <paramref name="room"/> floats
    /// from <paramref name="y"/> belong to this plane: lanes past the row's end but inside the plane land in later rows,
    /// which are computed after this one, so only the plane's last partial vector needs <c>vmaskmovps</c> (slow on AMD as a store).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> acc, float* y, int q, int width, int room)
    {
        if (q + 8 <= room) Avx.Store(y + q, acc);
        else Avx.MaskStore(y + q, Inside(q, width), acc);
    }

    /// <summary>
    /// Output rows per SiLU pass: about 4 K floats, so the pass reads them back from L1
    /// (YOLOX's 104-wide rows: 39 rows, its 13-wide planes whole).
    /// </summary>
    public static int SiluBand(int outWidth) => Math.Max(1, 4096 / Math.Max(outWidth, 1));
}

/// <summary>
/// The fused activation applied to a register of outputs before the store: a type argument, so
/// the JIT compiles each kernel once per activation without a branch in its loop.
/// </summary>
internal interface IVectorActivation256
{
    static abstract Vector256<float> Apply(Vector256<float> acc, Vector256<float> lo, Vector256<float> hi);
}

internal readonly struct NoActivation256 : IVectorActivation256
{
    public static Vector256<float> Apply(Vector256<float> acc, Vector256<float> lo, Vector256<float> hi) => acc;
}

/// <summary>Relu (0, +∞) or Clip: Max then Min, as the Clip operator does (lo &gt; hi gives hi); NaN stays NaN (maxps and minps return their second operand).</summary>
internal readonly struct ClampActivation256 : IVectorActivation256
{
    public static Vector256<float> Apply(Vector256<float> acc, Vector256<float> lo, Vector256<float> hi) =>
        Avx.Min(hi, Avx.Max(lo, acc));
}
