using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>
/// The Focus stem's phase split and its inverse on half-widths around every vector width, in the
/// Focus order and SpaceToDepth's, against reading each phase pixel by pixel.
/// </summary>
internal static class PhaseSplitChecks
{
    private static readonly int[][] Orders = [[0, 2, 1, 3], [0, 1, 2, 3], [3, 1, 0, 2]];

    public static void Run(TwinReport report)
    {
        var rng = new Random(43);
        foreach (int half in TwinChecks.EdgeSizes.Where(n => n > 0).Append(208))
            foreach (var phases in Orders)
            {
                int batch = 2, channels = 3, height = 6, width = 2 * half;
                var g = new PhaseGeometry(batch, channels, height, width, phases);
                var x = TwinChecks.Random(rng, batch * channels * height * width);
                var twin = Twin(x, batch, channels, height, width, phases);
                var y = new float[x.Length];
                PhaseSplit.Split(x, y, g, 0, g.Rows);
                report.Compare($"phase split {height}x{width} [{string.Join(",", phases)}]", y, twin);
                var back = new float[x.Length];
                PhaseSplit.Merge(y, back, g, 0, g.Rows);
                report.Compare($"phase merge {height}x{width} [{string.Join(",", phases)}]", back, Array.ConvertAll(x, v => (double)v));
            }
    }

    /// <summary>y[n, b·C + c, i, j] = x[n, c, 2i + phases[b] / 2, 2j + phases[b] % 2].</summary>
    private static double[] Twin(float[] x, int batch, int channels, int height, int width, int[] phases)
    {
        int h = height / 2, w = width / 2;
        var y = new double[x.Length];
        int k = 0;
        for (int n = 0; n < batch; n++)
            for (int b = 0; b < 4; b++)
                for (int c = 0; c < channels; c++)
                    for (int i = 0; i < h; i++)
                        for (int j = 0; j < w; j++)
                            y[k++] = x[((n * channels + c) * height + 2 * i + phases[b] / 2) * width + 2 * j + phases[b] % 2];
        return y;
    }
}
