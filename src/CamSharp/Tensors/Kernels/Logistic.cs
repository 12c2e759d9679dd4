using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Sigmoid and SiLU on hardware vectors with their own exp: e^t = 2ⁿ·p(r), n = round(t·log₂e),
/// r = t − n·ln 2 (ln 2 in two parts, so r is exact), p the degree-6 Taylor polynomial on
/// |r| ≤ ln 2 / 2 (relative error below 3e-7). TensorPrimitives.Sigmoid drops to scalar code
/// whenever a vector holds a large magnitude: 14 ms for yolov8n's 1.6 M stem outputs, where
/// this takes under 1 ms. NaN stays NaN; beyond ±87 the exponent is clamped (the result is
/// then 0 or 1 to float precision anyway). With AVX-512DQ the 512-bit step takes a shorter
/// route to the same function (<see cref="Step512Reduced"/>).
/// </summary>
internal static class Logistic
{
    /// <summary>y = 1 / (1 + e⁻ˣ); y may be x.</summary>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Run(x, y, silu: false);

    /// <summary>y = x / (1 + e⁻ˣ); y may be x.</summary>
    public static void Silu(ReadOnlySpan<float> x, Span<float> y) => Run(x, y, silu: true);

    private static void Run(ReadOnlySpan<float> x, Span<float> y, bool silu)
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        int n = x.Length, i = 0;
        // Vector<float> stays 256 bits wide on AVX-512 machines: the same steps on 512-bit vectors first,
        // the last partial vector too (through a stack copy), so every element takes the same steps.
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            Run512(x, y, silu);
            return;
        }
        if (Step256Supported)
        {
            Run256(x, y, silu);
            return;
        }
        if (Vector.IsHardwareAccelerated)
            for (int w = Vector<float>.Count; i <= n - w; i += w)
            {
                var v = new Vector<float>(x[i..]);
                var s = Vector<float>.One / (Vector<float>.One + Exp(-v));
                if (silu) s *= v;
                // Equals(v, v) is false only for NaN, which the clamped exponent would have lost.
                Vector.ConditionalSelect(Vector.Equals(v, v), s, v).CopyTo(y[i..]);
            }
        for (; i < n; i++)
        {
            float v = x[i], s = 1f / (1f + MathF.Exp(-v));
            y[i] = silu ? v * s : s;
        }
    }

    /// <summary>
    /// The 512-bit loop; the last partial vector is loaded and stored under a lane mask (zeros in the other lanes), not
    /// through a stack copy: the library's span copies there cost more than the vector itself on a 13×13 plane.
    /// </summary>
    private static unsafe void Run512(ReadOnlySpan<float> x, Span<float> y, bool silu)
    {
        int n = x.Length, i = 0;
        fixed (float* px = x, py = y)
        {
            for (; i <= n - 16; i += 16) Step512(Vector512.Load(px + i), silu).Store(py + i);
            if (i < n)
            {
                var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(n - i)).AsSingle();
                Avx512F.MaskStore(py + i, mask, Step512(Avx512F.MaskLoad(px + i, mask, Vector512<float>.Zero), silu));
            }
        }
    }

    /// <summary>
    /// SiLU in place over <paramref name="rows"/> rows of <paramref name="width"/> values, <paramref name="stride"/> floats
    /// apart (a tile a kernel has just stored), the same steps per lane as <see cref="Silu"/>; AVX-512 only.
    /// </summary>
    internal static unsafe void SiluRows512(float* c, nint stride, int rows, int width)
    {
        int full = width & ~15;
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width - full)).AsSingle();
        for (int r = 0; r < rows; r++, c += stride)
        {
            int i = 0;
            for (; i < full; i += 16) Step512(Vector512.Load(c + i), silu: true).Store(c + i);
            if (i < width) Avx512F.MaskStore(c + i, mask, Step512(Avx512F.MaskLoad(c + i, mask, Vector512<float>.Zero), silu: true));
        }
    }

    /// <summary>Whether <see cref="Step256"/> runs: AVX2 and FMA (the portable loop otherwise, so <c>DOTNET_EnableAVX2=0</c> reaches it).</summary>
    internal static bool Step256Supported => Avx2.IsSupported && Fma.IsSupported;

    /// <summary>The 256-bit loop, the last partial vector loaded and stored under a lane mask (<c>vmaskmovps</c>, which never touches the masked-off lanes).</summary>
    private static unsafe void Run256(ReadOnlySpan<float> x, Span<float> y, bool silu)
    {
        int n = x.Length, i = 0;
        fixed (float* px = x, py = y)
        {
            for (; i <= n - 8; i += 8) Step256(Vector256.Load(px + i), silu).Store(py + i);
            if (i < n)
            {
                var mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(n - i)).AsSingle();
                Avx.MaskStore(py + i, mask, Step256(Avx.MaskLoad(px + i, mask), silu));
            }
        }
    }

    /// <summary>
    /// SiLU in place over <paramref name="rows"/> rows of <paramref name="width"/> values, <paramref name="stride"/> floats
    /// apart (a tile a kernel has just stored), the same steps per lane as <see cref="Silu"/>; AVX2 + FMA only.
    /// </summary>
    internal static unsafe void SiluRows256(float* c, nint stride, int rows, int width)
    {
        int full = width & ~7;
        var mask = Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(width - full)).AsSingle();
        for (int r = 0; r < rows; r++, c += stride)
        {
            int i = 0;
            for (; i < full; i += 8) Step256(Vector256.Load(c + i), silu: true).Store(c + i);
            if (i < width) Avx.MaskStore(c + i, mask, Step256(Avx.MaskLoad(c + i, mask), silu: true));
        }
    }

    /// <summary>
    /// σ(v) (or v·σ(v)) for 8 lanes, <see cref="Step512Reduced"/>'s function on AVX2: e⁻ᵛ = 2ᵃ, a = −v·log₂e split
    /// into ⌊a⌋ (<c>vroundps</c>) and f = a − ⌊a⌋ ∈ [0, 1), 2ᶠ by the same degree-5 fit, 2^⌊a⌋ built in the
    /// exponent field by an integer shift, then one correctly rounded division, 1 / d or v / d with d = 1 + e⁻ᵛ
    /// (the divider works beside the FMA pipes; the 12-bit reciprocal and a Newton step would leave σ(v) one ulp
    /// below 1 where d is 1, so SiLU of a large v would not return v). v is clamped to [−88, 88] so ⌊a⌋ + 127
    /// stays in [0, 253] (at 88 the scale is 0: e⁻⁸⁸ is below a float's precision next to 1); NaN passes
    /// through every step (Max and Min return their second operand on NaN).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Step256(Vector256<float> v, bool silu)
    {
        var t = Avx.Min(Vector256.Create(88f), Avx.Max(Vector256.Create(-88f), v));
        var a = Avx.Multiply(t, Vector256.Create(-1.44269504f));
        var whole = Avx.RoundToNegativeInfinity(a);
        var f = Avx.Subtract(a, whole);
        var p = Vector256.Create(0.0018762329f);
        p = Fma.MultiplyAdd(p, f, Vector256.Create(0.0089925844f));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(0.055823606f));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(0.24015453f));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(0.69315296f));
        p = Fma.MultiplyAdd(p, f, Vector256.Create(0.99999994f));
        var scale = Avx2.ShiftLeftLogical(Avx2.Add(Avx.ConvertToVector256Int32WithTruncation(whole), Vector256.Create(127)), 23).AsSingle();
        var d = Fma.MultiplyAdd(p, scale, Vector256<float>.One);
        return Avx.Divide(silu ? v : Vector256<float>.One, d);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Exp(Vector<float> t)
    {
        t = Vector.Min(Vector.Max(t, new Vector<float>(-87f)), new Vector<float>(88f));
        var n = Vector.Round(t * new Vector<float>(1.44269504f));
        var r = Vector.FusedMultiplyAdd(n, new Vector<float>(-0.693359375f), t);
        r = Vector.FusedMultiplyAdd(n, new Vector<float>(2.12194440e-4f), r);
        var p = new Vector<float>(1f / 720);
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 120));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 24));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(1f / 6));
        p = Vector.FusedMultiplyAdd(p, r, new Vector<float>(0.5f));
        p = Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
        p = Vector.FusedMultiplyAdd(p, r, Vector<float>.One);
        // 2ⁿ built in the exponent field; n is within [−126, 127] after the clamp.
        var scale = Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32(n) + new Vector<int>(127), 23));
        return p * scale;
    }

    /// <summary>
    /// σ(v) (or v·σ(v)) for 16 lanes: 1 / (1 + e⁻ᵛ) as the 14-bit hardware reciprocal and one
    /// Newton step (relative error near 2⁻²⁸, well below a float's rounding), which is about
    /// half the cost of a vector division; NaN stays NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Step512(Vector512<float> v, bool silu)
    {
        if (Avx512DQ.IsSupported) return Step512Reduced(v, silu);
        var d = Vector512<float>.One + Exp(-v);
        var r = Avx512F.Reciprocal14(d);
        var s = Vector512.FusedMultiplyAdd(r, Avx512F.FusedMultiplyAddNegated(d, r, Vector512<float>.One), r);
        if (silu) s *= v;
        return Vector512.ConditionalSelect(Vector512.Equals(v, v), s, v);
    }

    /// <summary>
    /// <see cref="Step512"/> in 14 instructions instead of 20 (0.39 → 0.28 ns per value on one core):
    /// e⁻ᵛ = 2ᵃ with a = −v·log₂e, split by <c>vreduceps</c> into f = a − ⌊a⌋ ∈ [0, 1) and
    /// <c>vscalefps</c>'s 2^⌊a⌋, so no rounding, integer conversion or two-part ln 2 is needed; 2ᶠ is a
    /// degree-5 least-squares fit on [0, 1) (relative error 1.7e-7 in float). a is rounded to a float before
    /// the split, so the relative error of e⁻ᵛ grows with |v|: SiLU within 6e-7 of double precision for
    /// |v| ≤ 30, a few 1e-6 near the clamp. v is clamped below at −88 (e⁸⁸ still fits a float); NaN passes through every step.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Step512Reduced(Vector512<float> v, bool silu)
    {
        // Max returns its second operand when one is NaN: v first would lose it.
        var a = Avx512F.Multiply(Avx512F.Max(Vector512.Create(-88f), v), Vector512.Create(-1.44269504f));
        // Rounding control 01 (down) and the precision exception suppressed: f = a − ⌊a⌋.
        var f = Avx512DQ.Reduce(a, 0x09);
        var p = Vector512.Create(0.0018762329f);
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(0.0089925844f));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(0.055823606f));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(0.24015453f));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(0.69315296f));
        p = Avx512F.FusedMultiplyAdd(p, f, Vector512.Create(0.99999994f));
        // vscalefps multiplies by 2 to the power ⌊a⌋.
        var d = Avx512F.Add(Vector512<float>.One, Avx512F.Scale(p, a));
        var r = Avx512F.Reciprocal14(d);
        var s = Avx512F.FusedMultiplyAdd(r, Avx512F.FusedMultiplyAddNegated(d, r, Vector512<float>.One), r);
        return silu ? Avx512F.Multiply(s, v) : s;
    }

    /// <summary>The same exp, step for step, on 512-bit vectors (so results do not depend on the width; used where <c>vreduceps</c> is missing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Exp(Vector512<float> t)
    {
        t = Vector512.Min(Vector512.Max(t, Vector512.Create(-87f)), Vector512.Create(88f));
        var n = Vector512.Round(t * Vector512.Create(1.44269504f));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-0.693359375f), t);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(2.12194440e-4f), r);
        var p = Vector512.Create(1f / 720);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(p, r, Vector512<float>.One);
        // p·2ⁿ in one instruction (n is integral, so this is the exact product the 256-bit path forms).
        return Avx512F.IsSupported ? Avx512F.Scale(p, n) : p * Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
    }
}
