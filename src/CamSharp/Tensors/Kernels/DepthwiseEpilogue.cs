using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// What the flat depthwise kernels (<see cref="Depthwise3x3Flat"/>, <see cref="Depthwise3x3Stride2"/>)
/// share: the column of each lane as a kernel walks a plane 16 outputs at a time, the fused
/// Relu/Clip in the register before the store, a masked store for a plane's last partial
/// vector (the next plane may belong to another thread), and SiLU over the finished plane.
/// Static and inlined, so that the kernels keep everything in registers.
/// </summary>
internal static unsafe class DepthwiseEpilogue
{
    private static readonly Vector512<int> Lanes = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);

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

    /// <summary>The Relu or Clip bounds fused into the store, or none (SiLU runs in <see cref="Finish"/>).</summary>
    public static (bool Clamp, Vector512<float> Lo, Vector512<float> Hi) Bounds(Activation activation) => activation.Kind switch
    {
        ActivationKind.Relu => (true, Vector512<float>.Zero, Vector512.Create(float.PositiveInfinity)),
        ActivationKind.Clip => (true, Vector512.Create(activation.Lo), Vector512.Create(activation.Hi)),
        _ => (false, default, default),
    };

    /// <summary>Max then Min, as the Clip operator does (lo &gt; hi gives hi); NaN stays NaN, as in the GEMM's epilogue.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Clamp(Vector512<float> acc, Vector512<float> lo, Vector512<float> hi) =>
        Avx512F.Min(hi, Avx512F.Max(lo, acc));

    /// <summary>Stores outputs [q, q + 16) of a plane of <paramref name="size"/>, fewer at its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> acc, float* y, int q, int size)
    {
        if (q + 16 <= size) acc.Store(y + q);
        else Avx512F.MaskStore(y + q, Vector512.LessThan(Lanes, Vector512.Create(size - q)).AsSingle(), acc);
    }

    /// <summary>The activations not applied at the store (SiLU), over a finished plane while it is in L1.</summary>
    public static void Finish(Activation activation, bool clamped, float* y, int size)
    {
        if (!clamped && !activation.IsNone) activation.Apply(new Span<float>(y, size));
    }
}

/// <summary>Whether a kernel clamps in the register: a type argument, so the JIT compiles each choice without a branch.</summary>
internal interface IClampChoice
{
    static abstract bool On { get; }
}

internal readonly struct Clamped : IClampChoice
{
    public static bool On => true;
}

internal readonly struct Unclamped : IClampChoice
{
    public static bool On => false;
}
