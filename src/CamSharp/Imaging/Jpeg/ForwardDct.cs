namespace CamSharp.Imaging.Jpeg;

/// <summary>The 8×8 forward DCT (spec A.3.3) in float by two matrix products, with quantization to zig-zag order.</summary>
internal static class ForwardDct
{
    // Basis[u, x] = C(u)/2 · cos((2x+1)uπ/16), C(0) = 1/√2, so that F = B · f · Bᵀ.
    private static readonly float[] Basis = BuildBasis();

    private static float[] BuildBasis()
    {
        var b = new float[64];
        for (int u = 0; u < 8; u++)
            for (int x = 0; x < 8; x++)
                b[u * 8 + x] = (float)((u == 0 ? Math.Sqrt(0.5) : 1.0) / 2 * Math.Cos((2 * x + 1) * u * Math.PI / 16));
        return b;
    }

    /// <summary>Transforms level-shifted samples (natural order) and writes <c>round(F/q)</c> in zig-zag order.</summary>
    public static void Quantize(ReadOnlySpan<float> samples, ReadOnlySpan<byte> quantNatural, Span<int> zigzagOut)
    {
        Span<float> tmp = stackalloc float[64];
        var b = Basis;
        for (int y = 0; y < 8; y++) // rows: tmp[y, u] = Σx f[y, x]·B[u, x]
            for (int u = 0; u < 8; u++)
            {
                float s = 0;
                for (int x = 0; x < 8; x++) s += samples[y * 8 + x] * b[u * 8 + x];
                tmp[y * 8 + u] = s;
            }
        var zz = ZigZag.ToNatural;
        for (int k = 0; k < 64; k++)
        {
            int n = zz[k];
            int v = n >> 3, u = n & 7;
            float s = 0;
            for (int y = 0; y < 8; y++) s += b[v * 8 + y] * tmp[y * 8 + u];
            zigzagOut[k] = (int)MathF.Round(s / quantNatural[n]);
        }
    }
}
