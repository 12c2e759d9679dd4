using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Helpers for the quantized operators: integer tensors, attributes naming the output type,
/// and the check of a straight-through backward against finite differences of the same
/// computation without rounding or saturation (the "float path").
/// </summary>
public static class QuantizedTesting
{
    public const long UInt8 = 2, Int8 = 3;

    public static Tensor Longs(long[] values, params int[] shape) => Tensor.FromLongs(values, shape);

    public static Tensor Floats(float[] values, params int[] shape) => Tensor.FromFloats(values, shape);

    public static Attributes OutputType(long code) => new Attributes().Set("output_dtype", code);

    /// <summary>Random integers in [lo, hi].</summary>
    public static Tensor RandomIntegers(Random rng, long lo, long hi, params int[] shape)
    {
        var v = new long[ShapeUtil.Size(shape)];
        for (int i = 0; i < v.Length; i++) v[i] = rng.NextInt64(lo, hi + 1);
        return Tensor.FromLongs(v, shape);
    }

    /// <summary>
    /// The analytic gradient of Σ r·y (random r) with respect to input <paramref name="wrt"/>
    /// must match central differences of <paramref name="smooth"/>, the operator's forward
    /// without rounding or saturation, evaluated at that input's values.
    /// </summary>
    public static void CheckStraightThrough(Operator op, Tensor?[] inputs, int wrt, Func<double[], double[]> smooth,
        double eps = 1e-3, double tol = 1e-3, bool[]? constant = null)
    {
        var outputs = OpTester.Run(op, inputs, constant);
        var rng = new Random(17);
        var r = OpTester.RandomTensor(rng, outputs[0].Shape);
        var grads = new Tensor?[outputs.Length];
        grads[0] = r;
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var needs = new bool[inputs.Length];
        needs[wrt] = true;
        var ctx = new BackwardContext(inputs, infos, outputs, grads, needs);
        op.Backward(ctx);
        var analytic = (ctx.InputGrads[wrt] ?? throw new Xunit.Sdk.XunitException("no gradient")).Floats.ToArray();

        var x = Enumerable.Range(0, inputs[wrt]!.Length).Select(i => inputs[wrt]!.GetDouble(i)).ToArray();
        var weights = r.Floats.ToArray();
        double Loss()
        {
            var y = smooth(x);
            Assert.Equal(weights.Length, y.Length);
            double s = 0;
            for (int k = 0; k < y.Length; k++) s += weights[k] * y[k];
            return s;
        }
        double scale = 1e-6;
        var numeric = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            double keep = x[k];
            x[k] = keep + eps;
            double up = Loss();
            x[k] = keep - eps;
            double down = Loss();
            x[k] = keep;
            numeric[k] = (up - down) / (2 * eps);
            scale = Math.Max(scale, Math.Abs(numeric[k]));
        }
        for (int k = 0; k < x.Length; k++)
            if (Math.Abs(analytic[k] - numeric[k]) > tol * scale)
                throw new Xunit.Sdk.XunitException($"{op.Node.OpType}: d/dx{wrt}[{k}] analytic {analytic[k]:G6} vs numeric {numeric[k]:G6}.");
    }

    /// <summary>Direct 2-D convolution in float64: x N×C×H×W, w M×C×kH×kW, symmetric pad, one stride.</summary>
    public static double[] Conv2D(double[] x, int[] xs, double[] w, int[] ws, int pad, int stride, out int[] shape)
    {
        int n = xs[0], c = xs[1], h = xs[2], wd = xs[3], m = ws[0], kh = ws[2], kw = ws[3];
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        shape = [n, m, oh, ow];
        var y = new double[n * m * oh * ow];
        for (int b = 0; b < n; b++)
            for (int o = 0; o < m; o++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = 0;
                        for (int ci = 0; ci < c; ci++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int yy = i * stride - pad + u, xx = j * stride - pad + v;
                                    if (yy < 0 || yy >= h || xx < 0 || xx >= wd) continue;
                                    s += x[((b * c + ci) * h + yy) * wd + xx] * w[((o * c + ci) * kh + u) * kw + v];
                                }
                        y[((b * m + o) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    /// <summary>Plain matrix product in float64: a M×K, b K×N.</summary>
    public static double[] MatMul(double[] a, double[] b, int m, int k, int n)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
                y[i * n + j] = s;
            }
        return y;
    }

    public static double[] Values(Tensor t) => Enumerable.Range(0, t.Length).Select(t.GetDouble).ToArray();
}
