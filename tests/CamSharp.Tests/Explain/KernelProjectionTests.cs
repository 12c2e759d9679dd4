using CamSharp.Explain.Math;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class KernelProjectionTests
{
    [Fact]
    public void SigmoidFirstComponent_DigitBlock4_MatchesScikitLearn()
    {
        // Reference made by tools/reference_data/kpca_reference.py (sklearn KernelPCA, sigmoid kernel).
        var act = Fixtures.Npy("outputs/acts/digitcnn__d96_a__96x96__block4.npy");
        var ours = KernelProjection.SigmoidFirstComponent(act.Floats, act.Shape[1], act.Shape[2] * act.Shape[3]);
        var reference = CamSharp.Tensors.Npy.ReadTensor(Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "Data", "kpca_digitcnn_d96_a_block4.npy"));
        Assertions.AssertRelative(ours, reference.Floats, 1e-4, "kpca");
    }

    [Fact]
    public void SigmoidFirstComponent_IsScaledTopEigenvectorOfTheCentredKernel()
    {
        var act = Fixtures.Npy("outputs/acts/digitcnn__d96_a__96x96__block4.npy");
        int c = act.Shape[1], n = act.Shape[2] * act.Shape[3];
        var proj = KernelProjection.SigmoidFirstComponent(act.Floats, c, n);

        // Rebuild the centred kernel independently and check K·p = λ·p with λ = |p|².
        var x = new double[n, c];
        for (int k = 0; k < c; k++)
        {
            double mean = 0;
            for (int p = 0; p < n; p++) mean += act.Floats[k * n + p];
            mean /= n;
            for (int p = 0; p < n; p++) x[p, k] = act.Floats[k * n + p] - mean;
        }
        var kernel = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double dot = 0;
                for (int k = 0; k < c; k++) dot += x[i, k] * x[j, k];
                kernel[i * n + j] = Math.Tanh(dot / c + 1);
            }
        KernelProjection.Center(kernel, n);
        double lambda = proj.Sum(v => (double)v * v);
        double worst = 0;
        for (int i = 0; i < n; i++)
        {
            double kp = 0;
            for (int j = 0; j < n; j++) kp += kernel[i * n + j] * proj[j];
            worst = Math.Max(worst, Math.Abs(kp - lambda * proj[i]));
        }
        Assert.True(worst < 1e-4 * lambda * proj.Max(Math.Abs), $"|K·p − λ·p| = {worst}, λ = {lambda}");
        Assert.True(proj.Max() >= -proj.Min(), "sklearn's sign: the largest magnitude is positive");
    }
}
