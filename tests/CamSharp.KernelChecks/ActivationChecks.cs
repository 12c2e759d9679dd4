using CamSharp.Tensors.Kernels;

namespace CamSharp.KernelChecks;

/// <summary>The fused activations on spans of every edge length (the vector paths' remainders).</summary>
internal static class ActivationChecks
{
    public static void Run(TwinReport report)
    {
        var rng = new Random(29);
        foreach (var activation in new[] { Activation.Relu, Activation.Clip(-0.25f, 0.5f), Activation.Clip(1f, -1f), Activation.Silu })
            foreach (int n in TwinChecks.EdgeSizes.Append(300).Append(517))
            {
                var x = TwinChecks.Random(rng, n);
                for (int i = 0; i < n; i++) x[i] *= 12; // SiLU's exp over a wide range
                var expected = x.Select(v => ScalarTwins.Activate(activation, v)).ToArray();
                activation.Apply(x);
                report.Compare($"activation {activation} n={n}", x, expected);
            }
        // Sigmoid on its own, over the whole float range the exponent clamp touches.
        foreach (int n in TwinChecks.EdgeSizes.Append(300))
        {
            var x = TwinChecks.Random(rng, n);
            for (int i = 0; i < n; i++) x[i] *= 240;
            var expected = x.Select(v => 1 / (1 + Math.Exp(-(double)v))).ToArray();
            var y = new float[n];
            Logistic.Sigmoid(x, y);
            report.Compare($"sigmoid n={n}", y, expected);
        }
    }
}
