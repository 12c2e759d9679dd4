using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The AVX2 side of <see cref="MaxPoolPlane"/>'s row loops, for machines without AVX-512: the
/// 3-wide stride-2 window straight from the padded row, and the last partial vector of a row
/// recomputed as one whole vector ending at the row's end (a maximum written twice is the same
/// value), so a 111-wide row has no scalar tail. Maxima are plain vmaxps with the NaN lanes
/// tracked beside them (one unordered compare per two inputs) and set at the end, 3 instructions
/// per input instead of Vector256.Max's 9: NaN propagates as with <see cref="MathF.Max(float, float)"/>
/// (its payload aside), and only the sign of a zero maximum may differ from it.
/// SqueezeNet's pools, one thread (ort-profile --min, loaded machine): features.2 (64 planes 111×111)
/// 0.81–0.91 → 0.28–0.35 ms, all three 1.50–1.79 → 0.61–0.77 (ONNX Runtime 0.23–0.44).
/// </summary>
internal static unsafe class MaxPoolRow256
{
    /// <summary>Whether this machine runs these loops (and <see cref="MaxPoolPlane"/> is not on its AVX-512 path).</summary>
    public static bool IsSupported => Avx2.IsSupported && !Avx512F.IsSupported;

    /// <summary>dst[c] = max over the rows of src[r·width + c], for width ≥ 8.</summary>
    public static void ColumnMax(float* src, int rows, int width, float* dst)
    {
        for (int c = 0; c < width; c += 8)
        {
            // The last vector ends at the row's end, overlapping the one before it.
            int at = Math.Min(c, width - 8);
            float* s = src + at;
            var m = Vector256.Load(s);
            var nan = Avx.CompareUnordered(m, m);
            for (int r = 1; r < rows; r++)
            {
                s += width;
                var x = Vector256.Load(s);
                nan = Avx.Or(nan, Avx.CompareUnordered(x, x));
                m = Avx.Max(m, x);
            }
            Avx.Or(m, nan).Store(dst + at);
        }
    }

    /// <summary>row[o] = max over the taps j of phases[(j mod sw)·phaseLength + j / sw + o], for outW ≥ 8.</summary>
    public static void RunMax(float* phases, int phaseLength, int sw, int kw, int outW, float* row)
    {
        for (int o0 = 0; o0 < outW; o0 += 8)
        {
            int o = Math.Min(o0, outW - 8);
            var m = Vector256.Load(phases + o);
            var nan = Avx.CompareUnordered(m, m);
            for (int j = 1; j < kw; j++)
            {
                var x = Vector256.Load(phases + (nint)(j % sw) * phaseLength + j / sw + o);
                nan = Avx.Or(nan, Avx.CompareUnordered(x, x));
                m = Avx.Max(m, x);
            }
            Avx.Or(m, nan).Store(row + o);
        }
    }

    /// <summary>
    /// row[o] = max(padded[2o], padded[2o + 1], padded[2o + 2]) for outW ≥ 8. Per 8 outputs: four
    /// loads and three in-lane shuffles (evens, odds, evens one pair on) that put the three taps
    /// of an output in the same lane, then one cross-lane permute of the maximum. The last vector
    /// reads one float past the last window (into the scratch's slack) and drops it.
    /// </summary>
    public static void Stride2Width3(float* padded, int outW, float* row)
    {
        for (int o0 = 0; o0 < outW; o0 += 8)
        {
            int o = Math.Min(o0, outW - 8);
            float* p = padded + 2 * o;
            var a = Vector256.Load(p);
            var b = Vector256.Load(p + 8);
            var c = Vector256.Load(p + 2);
            var d = Vector256.Load(p + 10);
            // Lanes a0 a2 b0 b2 | a4 a6 b4 b6: outputs 0 1 4 5 | 2 3 6 7, the same order in all three.
            var evens = Avx.Shuffle(a, b, 0b10_00_10_00);
            var odds = Avx.Shuffle(a, b, 0b11_01_11_01);
            var next = Avx.Shuffle(c, d, 0b10_00_10_00);
            var nan = Avx.Or(Avx.CompareUnordered(evens, odds), Avx.CompareUnordered(next, next));
            var m = Avx.Or(Avx.Max(Avx.Max(evens, odds), next), nan);
            Avx2.Permute4x64(m.AsDouble(), 0b11_01_10_00).AsSingle().Store(row + o);
        }
    }
}
