namespace CamSharp.Explain.Math;

/// <summary>
/// The dominant eigenpair of a symmetric positive semi-definite matrix (a Gram matrix).
/// Small matrices use cyclic Jacobi rotations, which converge to machine precision whatever
/// the eigenvalue gap; large ones use power iteration seeded from the largest diagonal entry.
/// </summary>
internal static class SymmetricEigen
{
    private const int JacobiLimit = 320;

    /// <summary>Largest eigenvalue and its unit eigenvector of the row-major n×n symmetric matrix <paramref name="a"/> (not modified).</summary>
    public static (double Value, double[] Vector) Top(double[] a, int n)
    {
        if (n == 0) return (0, []);
        return n <= JacobiLimit ? TopByJacobi((double[])a.Clone(), n) : TopByPower(a, n);
    }

    private static (double, double[]) TopByJacobi(double[] a, int n)
    {
        var v = new double[n * n];
        for (int i = 0; i < n; i++) v[i * n + i] = 1;
        for (int sweep = 0; sweep < 60; sweep++)
        {
            double off = 0, diag = 0;
            for (int p = 0; p < n; p++)
            {
                diag += a[p * n + p] * a[p * n + p];
                for (int q = p + 1; q < n; q++) off += a[p * n + q] * a[p * n + q];
            }
            if (off <= 1e-30 * System.Math.Max(diag, 1e-300)) break;
            for (int p = 0; p < n - 1; p++)
                for (int q = p + 1; q < n; q++)
                    Rotate(a, v, n, p, q);
        }
        int best = 0;
        for (int i = 1; i < n; i++) if (a[i * n + i] > a[best * n + best]) best = i;
        var vec = new double[n];
        for (int i = 0; i < n; i++) vec[i] = v[i * n + best];
        return (a[best * n + best], vec);
    }

    /// <summary>One Jacobi rotation zeroing a[p,q]; columns of v accumulate the eigenvectors.</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        double apq = a[p * n + q];
        if (System.Math.Abs(apq) < 1e-300) return;
        double app = a[p * n + p], aqq = a[q * n + q];
        double theta = (aqq - app) / (2 * apq);
        double t = System.Math.Sign(theta) / (System.Math.Abs(theta) + System.Math.Sqrt(theta * theta + 1));
        if (theta == 0) t = 1;
        double c = 1 / System.Math.Sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }

    private static (double, double[]) TopByPower(double[] a, int n)
    {
        var x = new double[n];
        var y = new double[n];
        int start = 0;
        for (int i = 1; i < n; i++) if (a[i * n + i] > a[start * n + start]) start = i;
        for (int i = 0; i < n; i++) x[i] = a[i * n + start] + 1e-3;
        Normalize(x);
        double lambda = 0;
        for (int iter = 0; iter < 5000; iter++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
                y[i] = s;
            }
            double next = Normalize(y);
            double change = 0;
            for (int i = 0; i < n; i++) change = System.Math.Max(change, System.Math.Abs(y[i] - x[i]));
            (x, y) = (y, x);
            lambda = next;
            if (change < 1e-12) break;
        }
        return (lambda, x);
    }

    private static double Normalize(double[] x)
    {
        double norm = 0;
        foreach (double d in x) norm += d * d;
        norm = System.Math.Sqrt(norm);
        if (norm > 0) for (int i = 0; i < x.Length; i++) x[i] /= norm;
        return norm;
    }
}
