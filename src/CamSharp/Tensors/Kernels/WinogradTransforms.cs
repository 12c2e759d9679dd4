using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The three linear maps of F(2×2, 3×3), row of tiles by row of tiles:
/// filter U = G g Gᵀ, input V = Bᵀ d B, output Y = Aᵀ M A, with
/// Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1], G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
/// Aᵀ = [1 1 1 0; 0 1 −1 −1]. Coefficient ξ = 4i + j is row i, column j of the 4×4 tile.
/// Input tile t of a row covers input columns 2t − padLeft … 2t − padLeft + 3, so after
/// splitting each input row into even and odd columns every map is a few vector adds.
/// </summary>
internal static unsafe class WinogradTransforms
{
    /// <summary>u (16) = G g Gᵀ for one 3×3 filter g (row-major), computed in double.</summary>
    public static void Filter(ReadOnlySpan<float> g, Span<float> u)
    {
        Span<double> rows = stackalloc double[12];
        for (int j = 0; j < 3; j++)
        {
            double a = g[j], b = g[3 + j], c = g[6 + j];
            rows[j] = a;
            rows[3 + j] = 0.5 * (a + b + c);
            rows[6 + j] = 0.5 * (a - b + c);
            rows[9 + j] = c;
        }
        for (int i = 0; i < 4; i++)
        {
            double a = rows[3 * i], b = rows[3 * i + 1], c = rows[3 * i + 2];
            u[4 * i] = (float)a;
            u[4 * i + 1] = (float)(0.5 * (a + b + c));
            u[4 * i + 2] = (float)(0.5 * (a - b + c));
            u[4 * i + 3] = (float)c;
        }
    }

    /// <summary>Scratch floats <see cref="InputRow"/> needs: eight lines of tilesW + 1.</summary>
    public static int InputScratch(int tilesW) => 8 * (tilesW + 1);

    /// <summary>Scratch floats <see cref="OutputRow"/> needs: four lines of tilesW.</summary>
    public static int OutputScratch(int tilesW) => 4 * tilesW;

    /// <summary>
    /// V for the tiles of tile row <paramref name="th"/> of one input plane: coefficient ξ of
    /// tile t goes to dst[ξ·xiStride + t]. Reads outside the plane are zeros (padding).
    /// </summary>
    public static void InputRow(float* plane, int inH, int inW, int padTop, int padLeft, int th, int tilesW, float* lines,
        float* dst, nint xiStride)
    {
        int span = tilesW + 1;
        float* even = lines, odd = lines + 4 * span;
        for (int a = 0; a < 4; a++)
        {
            int ih = 2 * th - padTop + a;
            if ((uint)ih < (uint)inH) EvenOdd.Split(plane + (nint)ih * inW, inW, padLeft, span, even + a * span, odd + a * span);
            else
            {
                new Span<float>(even + a * span, span).Clear();
                new Span<float>(odd + a * span, span).Clear();
            }
        }
        AcrossRows(even, span);
        AcrossRows(odd, span);
        for (int i = 0; i < 4; i++)
            AcrossColumns(even + i * span, odd + i * span, tilesW, dst + 4 * i * xiStride, xiStride);
    }

    /// <summary>
    /// Y for the tiles of tile row <paramref name="th"/> of one output plane from its 16
    /// coefficient rows (src[ξ·xiStride + t]), plus bias, then the activation; an odd last
    /// row or column of tiles is cut to the plane.
    /// </summary>
    public static void OutputRow(float* src, nint xiStride, float bias, float* plane, int outH, int outW, int th, int tilesW,
        float* lines, Activation activation)
    {
        float* y00 = lines, y01 = lines + tilesW, y10 = lines + 2 * tilesW, y11 = lines + 3 * tilesW;
        int t = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vb = Vector256.Create(bias);
            for (; t + 8 <= tilesW; t += 8)
            {
                float* s = src + t;
                var (s0, d0) = Column(Vector256.Load(s), Vector256.Load(s + 4 * xiStride), Vector256.Load(s + 8 * xiStride), Vector256.Load(s + 12 * xiStride));
                var (s1, d1) = Column(Vector256.Load(s + xiStride), Vector256.Load(s + 5 * xiStride), Vector256.Load(s + 9 * xiStride), Vector256.Load(s + 13 * xiStride));
                var (s2, d2) = Column(Vector256.Load(s + 2 * xiStride), Vector256.Load(s + 6 * xiStride), Vector256.Load(s + 10 * xiStride), Vector256.Load(s + 14 * xiStride));
                var (s3, d3) = Column(Vector256.Load(s + 3 * xiStride), Vector256.Load(s + 7 * xiStride), Vector256.Load(s + 11 * xiStride), Vector256.Load(s + 15 * xiStride));
                (s0 + s1 + s2 + vb).Store(y00 + t);
                (s1 - s2 - s3 + vb).Store(y01 + t);
                (d0 + d1 + d2 + vb).Store(y10 + t);
                (d1 - d2 - d3 + vb).Store(y11 + t);
            }
        }
        for (; t < tilesW; t++)
        {
            float* s = src + t;
            float s0 = s[0] + s[4 * xiStride] + s[8 * xiStride], d0 = s[4 * xiStride] - s[8 * xiStride] - s[12 * xiStride];
            float s1 = s[xiStride] + s[5 * xiStride] + s[9 * xiStride], d1 = s[5 * xiStride] - s[9 * xiStride] - s[13 * xiStride];
            float s2 = s[2 * xiStride] + s[6 * xiStride] + s[10 * xiStride], d2 = s[6 * xiStride] - s[10 * xiStride] - s[14 * xiStride];
            float s3 = s[3 * xiStride] + s[7 * xiStride] + s[11 * xiStride], d3 = s[7 * xiStride] - s[11 * xiStride] - s[15 * xiStride];
            y00[t] = s0 + s1 + s2 + bias;
            y01[t] = s1 - s2 - s3 + bias;
            y10[t] = d0 + d1 + d2 + bias;
            y11[t] = d1 - d2 - d3 + bias;
        }
        int oh = 2 * th;
        Interleave(y00, y01, outW, plane + (nint)oh * outW, activation);
        if (oh + 1 < outH) Interleave(y10, y11, outW, plane + (nint)(oh + 1) * outW, activation);
    }

    /// <summary>Rows of Aᵀ applied down one column j of M: (m0 + m1 + m2, m1 − m2 − m3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector256<float> Sum, Vector256<float> Difference) Column(Vector256<float> m0, Vector256<float> m1, Vector256<float> m2, Vector256<float> m3) =>
        (m0 + m1 + m2, m1 - m2 - m3);

    /// <summary>One output row from its two tile columns, then the activation.</summary>
    private static void Interleave(float* first, float* second, int outW, float* row, Activation activation)
    {
        EvenOdd.Merge(first, second, outW, row);
        if (!activation.IsNone) activation.Apply(new Span<float>(row, outW));
    }

    /// <summary>Bᵀ applied down the four lines (each <paramref name="span"/> long), in place.</summary>
    private static void AcrossRows(float* d, int span)
    {
        float* d0 = d, d1 = d + span, d2 = d + 2 * span, d3 = d + 3 * span;
        int p = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; p + 8 <= span; p += 8)
            {
                var a0 = Vector256.Load(d0 + p);
                var a1 = Vector256.Load(d1 + p);
                var a2 = Vector256.Load(d2 + p);
                var a3 = Vector256.Load(d3 + p);
                (a0 - a2).Store(d0 + p);
                (a1 + a2).Store(d1 + p);
                (a2 - a1).Store(d2 + p);
                (a1 - a3).Store(d3 + p);
            }
        for (; p < span; p++)
        {
            float a0 = d0[p], a1 = d1[p], a2 = d2[p], a3 = d3[p];
            d0[p] = a0 - a2;
            d1[p] = a1 + a2;
            d2[p] = a2 - a1;
            d3[p] = a1 - a3;
        }
    }

    /// <summary>B applied along one transformed row: columns of tile t are even[t], odd[t], even[t + 1], odd[t + 1].</summary>
    private static void AcrossColumns(float* even, float* odd, int tilesW, float* dst, nint xiStride)
    {
        float* v0 = dst, v1 = dst + xiStride, v2 = dst + 2 * xiStride, v3 = dst + 3 * xiStride;
        int t = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; t + 8 <= tilesW; t += 8)
            {
                var e0 = Vector256.Load(even + t);
                var e1 = Vector256.Load(even + t + 1);
                var o0 = Vector256.Load(odd + t);
                var o1 = Vector256.Load(odd + t + 1);
                (e0 - e1).Store(v0 + t);
                (o0 + e1).Store(v1 + t);
                (e1 - o0).Store(v2 + t);
                (o0 - o1).Store(v3 + t);
            }
        for (; t < tilesW; t++)
        {
            float e0 = even[t], e1 = even[t + 1], o0 = odd[t], o1 = odd[t + 1];
            v0[t] = e0 - e1;
            v1[t] = o0 + e1;
            v2[t] = e1 - o0;
            v3[t] = o0 - o1;
        }
    }
}
