using System.Runtime.Intrinsics.X86;
using CamSharp.Imaging.Jpeg;
using Xunit;

namespace CamSharp.Tests.Imaging.Jpeg;

public sealed class IslowIdctTests
{
    [Fact]
    public void TransformScalar_RandomBlocks_WithinOneLevelOfExactIdct()
    {
        var rnd = new Random(7);
        var q = Enumerable.Range(0, 64).Select(_ => (ushort)rnd.Next(1, 20)).ToArray();
        var output = new byte[64];
        for (int n = 0; n < 200; n++)
        {
            var coef = RandomBlock(rnd);
            IslowIdct.TransformScalar(coef, q, output, 8);
            for (int y = 0; y < 8; y++)
                for (int x = 0; x < 8; x++)
                {
                    double s = 0;
                    for (int v = 0; v < 8; v++)
                        for (int u = 0; u < 8; u++)
                            s += C(u) * C(v) * coef[v * 8 + u] * q[v * 8 + u]
                                * Math.Cos((2 * x + 1) * u * Math.PI / 16) * Math.Cos((2 * y + 1) * v * Math.PI / 16);
                    int exact = Math.Clamp((int)Math.Round(s / 4 + 128), 0, 255);
                    Assert.InRange(output[y * 8 + x], exact - 1, exact + 1);
                }
        }
    }

    [Fact]
    public void TransformAvx2_RandomBlocks_EqualsScalarTwin()
    {
        var rnd = new Random(11);
        var q = Enumerable.Range(0, 64).Select(_ => (ushort)rnd.Next(1, 100)).ToArray();
        var scalar = new byte[16 * 8];
        var vector = new byte[16 * 8];
        for (int n = 0; n < 500; n++)
        {
            var coef = RandomBlock(rnd);
            IslowIdct.TransformScalar(coef, q, scalar, 16);
            if (Avx2.IsSupported) IslowIdct.TransformAvx2(coef, q, vector, 16);
            else IslowIdct.Transform(coef, q, vector, 16); // the dispatcher must fall back to the scalar code
            Assert.Equal(scalar, vector);
        }
    }

    [Fact]
    public void TransformDcOnly_EqualsFullTransformOfDcBlock()
    {
        var q = Enumerable.Repeat((ushort)3, 64).ToArray();
        var full = new byte[64];
        var flat = new byte[64];
        foreach (short dc in new short[] { -300, -43, -1, 0, 1, 17, 42, 300 })
        {
            var coef = new short[64];
            coef[0] = dc;
            IslowIdct.TransformScalar(coef, q, full, 8);
            IslowIdct.TransformDcOnly(dc, 3, flat, 8);
            Assert.Equal(full, flat);
        }
    }

    private static short[] RandomBlock(Random rnd)
    {
        var coef = new short[64];
        coef[0] = (short)rnd.Next(-60, 60);
        int nonZero = rnd.Next(0, 20);
        for (int i = 0; i < nonZero; i++) coef[rnd.Next(1, 64)] = (short)rnd.Next(-30, 31);
        return coef;
    }

    private static double C(int u) => u == 0 ? Math.Sqrt(0.5) : 1.0;
}
