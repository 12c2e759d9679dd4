using CamSharp.Engine;

namespace CamSharp.Explain.Attribution;

/// <summary>How Integrated Gradients approximates its path integral, by Captum's names.</summary>
public enum IntegrationRule
{
    /// <summary><c>gausslegendre</c>, Captum's default: n Gauss–Legendre nodes mapped to [0, 1].</summary>
    GaussLegendre,
    /// <summary><c>riemann_left</c>: α = 0 … 1 − 1/n, steps 1/n.</summary>
    RiemannLeft,
    /// <summary><c>riemann_right</c>: α = 1/n … 1, steps 1/n.</summary>
    RiemannRight,
    /// <summary><c>riemann_middle</c>: α = 1/(2n) … 1 − 1/(2n), steps 1/n.</summary>
    RiemannMiddle,
    /// <summary><c>riemann_trapezoid</c>: α = 0 … 1, steps 1/n with the two ends halved.</summary>
    RiemannTrapezoid,
}

/// <summary>Points α ∈ [0, 1] and weights of each <see cref="IntegrationRule"/> (Captum's <c>approximation_methods.py</c>).</summary>
public static class IntegrationPoints
{
    /// <summary>The rule by Captum's name (<c>gausslegendre</c>, <c>riemann_left</c>, …).</summary>
    public static IntegrationRule Parse(string name) => name.ToLowerInvariant() switch
    {
        "gausslegendre" => IntegrationRule.GaussLegendre,
        "riemann_left" => IntegrationRule.RiemannLeft,
        "riemann_right" => IntegrationRule.RiemannRight,
        "riemann_middle" => IntegrationRule.RiemannMiddle,
        "riemann_trapezoid" => IntegrationRule.RiemannTrapezoid,
        _ => throw new InputException($"Unknown integration rule '{name}'. Valid rules: gausslegendre, riemann_left, riemann_right, riemann_middle, riemann_trapezoid."),
    };

    /// <summary>The n points and weights; the weights sum to one.</summary>
    public static (double[] Alphas, double[] Weights) Get(IntegrationRule rule, int n)
    {
        int min = rule == IntegrationRule.GaussLegendre ? 1 : 2;
        if (n < min) throw new InputException($"The {rule} rule needs at least {min} steps; got {n}.");
        if (rule == IntegrationRule.GaussLegendre)
        {
            var (x, w) = GaussLegendre(n);
            return (x.Select(v => 0.5 * (1 + v)).ToArray(), w.Select(v => 0.5 * v).ToArray());
        }
        var weights = Enumerable.Repeat(1.0 / n, n).ToArray();
        if (rule == IntegrationRule.RiemannTrapezoid)
        {
            weights[0] /= 2;
            weights[^1] /= 2;
        }
        var alphas = rule switch
        {
            IntegrationRule.RiemannTrapezoid => Linspace(0, 1, n),
            IntegrationRule.RiemannLeft => Linspace(0, 1 - 1.0 / n, n),
            IntegrationRule.RiemannMiddle => Linspace(1.0 / (2 * n), 1 - 1.0 / (2 * n), n),
            _ => Linspace(1.0 / n, 1, n),
        };
        return (alphas, weights);
    }

    private static double[] Linspace(double a, double b, int n) =>
        Enumerable.Range(0, n).Select(i => a + (b - a) * i / (n - 1)).ToArray();

    /// <summary>Nodes (ascending, as numpy's <c>leggauss</c>) and weights on [−1, 1], by Newton's method on P_n.</summary>
    private static (double[] Nodes, double[] Weights) GaussLegendre(int n)
    {
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = System.Math.Cos(System.Math.PI * (i + 0.75) / (n + 0.5)), dp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; k++) (p0, p1) = (p1, ((2 * k - 1) * z * p1 - (k - 1) * p0) / k);
                if (n == 1) p1 = z;
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (System.Math.Abs(dz) < 1e-15) break;
            }
            x[n - 1 - i] = z;
            w[n - 1 - i] = 2 / ((1 - z * z) * dp * dp);
        }
        return (x, w);
    }
}
