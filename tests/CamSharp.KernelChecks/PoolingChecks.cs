using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>The max-pooling plane kernel on widths around every vector width, strides 1 to 3, with and without padding, and SPP's wide stride-1 windows.</summary>
internal static class PoolingChecks
{
    public static unsafe void Run(TwinReport report)
    {
        var rng = new Random(31);
        foreach (int width in TwinChecks.EdgeSizes.Where(n => n >= 3).Append(111))
            foreach (var (k, s, p) in new[] { (3, 2, 0), (3, 2, 1), (3, 1, 1), (2, 2, 0), (5, 3, 2), (5, 1, 2), (13, 1, 6) })
            {
                int height = 6, outH = (height + 2 * p - k) / s + 1, outW = (width + 2 * p - k) / s + 1;
                if (outW < 1) continue;
                var g = new MaxPoolPlane.Geometry(height, width, outH, outW, k, k, s, s, p, p);
                var x = TwinChecks.Random(rng, height * width);
                var y = new float[outH * outW];
                var scratch = new float[g.ScratchLength];
                fixed (float* px = x, py = y, ps = scratch) MaxPoolPlane.Forward(g, px, py, ps);
                report.Compare($"maxpool {height}x{width} k{k} s{s} p{p}", y, Twin(x, g));
            }
    }

    /// <summary>Each window's maximum by a plain scan, padding skipped.</summary>
    private static double[] Twin(float[] x, MaxPoolPlane.Geometry g)
    {
        var y = new double[g.OutHeight * g.OutWidth];
        for (int oh = 0; oh < g.OutHeight; oh++)
            for (int ow = 0; ow < g.OutWidth; ow++)
            {
                double m = double.NegativeInfinity;
                for (int i = 0; i < g.KernelHeight; i++)
                    for (int j = 0; j < g.KernelWidth; j++)
                    {
                        int h = oh * g.StrideHeight - g.PadTop + i, w = ow * g.StrideWidth - g.PadLeft + j;
                        if ((uint)h < (uint)g.Height && (uint)w < (uint)g.Width) m = Math.Max(m, x[h * g.Width + w]);
                    }
                y[oh * g.OutWidth + ow] = m;
            }
        return y;
    }
}
