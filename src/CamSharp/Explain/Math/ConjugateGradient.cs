namespace CamSharp.Explain.Math;

/// <summary>
/// Preconditioned conjugate gradients for a symmetric positive definite system A x = b, with A
/// and the preconditioner given as functions (so sparse and matrix-free operators both fit).
/// </summary>
public static class ConjugateGradient
{
    /// <summary>
    /// Solves A x = b starting from <paramref name="x"/> (updated in place) until every component
    /// of the residual b − A x is at most <paramref name="tolerance"/>. Returns the iterations
    /// used; throws when the method has not converged after <paramref name="maxIterations"/>.
    /// <paramref name="multiply"/>(v, y) writes y = A v; <paramref name="precondition"/>(r, z)
    /// writes z = M⁻¹ r for a symmetric positive definite M (null for none).
    /// </summary>
    public static int Solve(Action<double[], double[]> multiply, Action<double[], double[]>? precondition,
        double[] b, double[] x, double tolerance, int maxIterations)
    {
        int n = b.Length;
        if (x.Length != n) throw new ArgumentException($"x has {x.Length} entries; b has {n}.", nameof(x));
        var r = new double[n];
        var z = new double[n];
        var p = new double[n];
        var q = new double[n];
        multiply(x, q);
        for (int i = 0; i < n; i++) r[i] = b[i] - q[i];
        if (MaxAbs(r) <= tolerance) return 0;
        Precondition(precondition, r, z);
        Array.Copy(z, p, n);
        double rz = Dot(r, z);
        for (int iteration = 1; iteration <= maxIterations; iteration++)
        {
            multiply(p, q);
            double pq = Dot(p, q);
            if (!(pq > 0)) throw new InvalidOperationException($"Conjugate gradients broke down (pᵀAp = {pq}): the matrix is not positive definite.");
            double alpha = rz / pq;
            for (int i = 0; i < n; i++)
            {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            if (MaxAbs(r) <= tolerance) return iteration;
            Precondition(precondition, r, z);
            double next = Dot(r, z);
            double beta = next / rz;
            rz = next;
            for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
        }
        throw new InvalidOperationException($"Conjugate gradients did not reach a residual of {tolerance:G2} in {maxIterations} iterations.");
    }

    private static void Precondition(Action<double[], double[]>? precondition, double[] r, double[] z)
    {
        if (precondition is null) Array.Copy(r, z, r.Length);
        else precondition(r, z);
    }

    private static double Dot(double[] a, double[] b) => System.Numerics.Tensors.TensorPrimitives.Dot<double>(a, b);

    private static double MaxAbs(double[] v) => v.Length == 0 ? 0 : System.Math.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude<double>(v));
}
