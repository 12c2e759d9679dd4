using CamSharp.Imaging.Jpeg;

namespace CamSharp.KernelChecks;

/// <summary>The JPEG decoder's vector kernels (IDCT, colour conversion) against their scalar twins: exact.</summary>
internal static class JpegChecks
{
    public static void Run(TwinReport report)
    {
        var rng = new Random(31);
        var quant = Enumerable.Range(0, 64).Select(_ => (ushort)rng.Next(1, 100)).ToArray();
        for (int n = 0; n < 50; n++)
        {
            var coef = new short[64];
            for (int i = 0; i < 64; i++) coef[i] = (short)(rng.Next(8) == 0 ? rng.Next(-512, 512) : 0);
            var fast = new byte[64];
            var scalar = new byte[64];
            IslowIdct.Transform(coef, quant, fast, 8);
            IslowIdct.TransformScalar(coef, quant, scalar, 8);
            report.CompareExact($"jpeg idct block {n}", fast, scalar);
        }
        foreach (int width in TwinChecks.EdgeSizes.Append(4099))
        {
            var y = new byte[width];
            var cb = new byte[width];
            var cr = new byte[width];
            rng.NextBytes(y);
            rng.NextBytes(cb);
            rng.NextBytes(cr);
            var fast = new byte[3 * width];
            var scalar = new byte[3 * width];
            YCbCrConverter.ConvertRow(y, cb, cr, fast, width);
            YCbCrConverter.ConvertRowScalar(y, cb, cr, scalar, width);
            report.CompareExact($"jpeg ycbcr width={width}", fast, scalar);
        }
    }
}
