namespace CamSharp.KernelChecks;

/// <summary>The outcome of a set of comparisons: how many ran, and a description of each mismatch.</summary>
public sealed class TwinReport
{
    /// <summary>Relative tolerance: max |kernel − twin| ≤ 1e-5 · max |twin| (issue 8).</summary>
    public const double Tolerance = 1e-5;

    public int Checked { get; private set; }

    public List<string> Failures { get; } = [];

    /// <summary>Compares a kernel's output with its scalar twin's (double precision) and records a mismatch.</summary>
    public void Compare(string what, ReadOnlySpan<float> kernel, ReadOnlySpan<double> twin)
    {
        Checked++;
        if (kernel.Length != twin.Length)
        {
            Failures.Add($"{what}: {kernel.Length} values, twin has {twin.Length}");
            return;
        }
        double maxRef = 0, maxDiff = 0;
        for (int i = 0; i < twin.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(twin[i]));
            double d = Math.Abs(kernel[i] - twin[i]);
            if (!(d <= maxDiff)) maxDiff = double.IsNaN(d) ? double.PositiveInfinity : d;
        }
        if (maxDiff > Tolerance * maxRef) Failures.Add($"{what}: max |diff| {maxDiff:G4} > {Tolerance:G2} × {maxRef:G4}");
    }

    /// <summary>Integer kernels must agree exactly.</summary>
    public void CompareExact(string what, ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> twin)
    {
        Checked++;
        if (!kernel.SequenceEqual(twin)) Failures.Add($"{what}: differs from the scalar twin");
    }
}

/// <summary>All kernel-versus-twin comparisons, on random shapes including 0, 1 and vector widths ± 1.</summary>
public static class TwinChecks
{
    /// <summary>Sizes around every vector width (4, 8, 16 floats) and tile size (4, 6, 14, 16, 32), plus 0 and 1.</summary>
    public static readonly int[] EdgeSizes = [0, 1, 3, 4, 5, 7, 8, 9, 13, 14, 15, 16, 17, 31, 32, 33];

    public static TwinReport RunAll()
    {
        var report = new TwinReport();
        GemmChecks.Run(report);
        ConvolutionChecks.Run(report);
        WinogradChecks.Run(report);
        SmallMapConvChecks.Run(report);
        DepthwiseChecks.Run(report);
        DirectConv256Checks.Run(report);
        PointwiseChecks.Run(report);
        ActivationChecks.Run(report);
        PoolingChecks.Run(report);
        PhaseSplitChecks.Run(report);
        JpegChecks.Run(report);
        return report;
    }

    /// <summary>Random input, weights and (except every third case) bias for convolution case <paramref name="index"/>.</summary>
    internal static (float[] X, float[] W, float[]? Bias) ConvOperands(Random rng, CamSharp.Tensors.Kernels.ConvGeometry g, int index) => (
        Random(rng, g.Batch * g.InChannels * g.InSize),
        Random(rng, g.OutChannels * g.InChannelsPerGroup * g.KernelHeight * g.KernelWidth),
        index % 3 == 0 ? null : Random(rng, g.OutChannels));

    internal static float[] Random(Random rng, int n)
    {
        var r = new float[n];
        for (int i = 0; i < n; i++) r[i] = (float)(rng.NextDouble() * 2 - 1);
        return r;
    }
}
