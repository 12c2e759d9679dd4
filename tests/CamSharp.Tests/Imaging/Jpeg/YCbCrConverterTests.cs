using System.Runtime.Intrinsics.X86;
using CamSharp.Imaging.Jpeg;
using Xunit;

namespace CamSharp.Tests.Imaging.Jpeg;

public sealed class YCbCrConverterTests
{
    [Fact]
    public void ConvertRow_AllInputs_EqualsScalarTwinAndFormula()
    {
        var rnd = new Random(3);
        const int n = 4099; // not a multiple of 16: the scalar tail runs too
        var y = new byte[n]; var cb = new byte[n]; var cr = new byte[n];
        rnd.NextBytes(y); rnd.NextBytes(cb); rnd.NextBytes(cr);
        var fast = new byte[3 * n];
        var scalar = new byte[3 * n];
        YCbCrConverter.ConvertRow(y, cb, cr, fast, n);
        YCbCrConverter.ConvertRowScalar(y, cb, cr, scalar, n);
        Assert.Equal(scalar, fast);
        if (Avx2.IsSupported) Assert.Equal(n & ~15, YCbCrConverter.ConvertAvx2(y, cb, cr, fast, n));
        for (int i = 0; i < n; i++)
        {
            // JFIF: R = Y + 1.402 (Cr−128); within rounding of libjpeg's fixed point.
            int r = Math.Clamp((int)Math.Round(y[i] + 1.402 * (cr[i] - 128)), 0, 255);
            Assert.InRange(scalar[3 * i], r - 1, r + 1);
        }
    }
}
