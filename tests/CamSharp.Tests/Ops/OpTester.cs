using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Runs one operator outside any graph: builds a one-node graph's worth of context,
/// runs Infer + Forward, and checks Backward against central finite differences.
/// </summary>
public static class OpTester
{
    /// <summary>A node named after its op with inputs x0..xn and outputs y0..ym.</summary>
    public static Node MakeNode(string opType, int inputCount, int outputCount = 1, Attributes? attrs = null) =>
        new($"/test/{opType}", opType,
            Enumerable.Range(0, inputCount).Select(i => $"x{i}").ToArray(),
            Enumerable.Range(0, outputCount).Select(i => $"y{i}").ToArray(),
            attrs ?? new Attributes());

    /// <summary>Infers and runs the operator. Constant inputs are marked by <paramref name="constant"/> (default: non-float inputs).</summary>
    public static Tensor[] Run(string opType, Tensor?[] inputs, Attributes? attrs = null, int outputCount = 1, int opset = 17, bool[]? constant = null) =>
        Run(Create(opType, inputs.Length, outputCount, attrs, opset), inputs, constant);

    public static Operator Create(string opType, int inputCount, int outputCount = 1, Attributes? attrs = null, int opset = 17) =>
        OperatorRegistry.Create(MakeNode(opType, inputCount, outputCount, attrs), opset);

    public static Tensor[] Run(Operator op, Tensor?[] inputs, bool[]? constant = null)
    {
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var consts = inputs.Select((t, i) => t is not null && (constant?[i] ?? t.Type != DataType.Float32) ? t : null).ToArray();
        var ictx = new InferContext(infos, consts, op.Node.Outputs.Length);
        op.Infer(ictx);
        var outputs = new Tensor[op.Node.Outputs.Length];
        for (int i = 0; i < outputs.Length; i++)
        {
            var info = ictx.Outputs[i] ?? throw new InvalidOperationException($"Infer left output {i} unset.");
            if (ictx.ConstantOutputs[i] is { } c)
            {
                outputs[i] = c;
                continue;
            }
            outputs[i] = Tensor.Uninitialized(info.Type, info.Shape);
        }
        if (ictx.ConstantOutputs.All(c => c is not null)) return outputs;
        op.Forward(new ForwardContext(inputs, outputs));
        for (int i = 0; i < outputs.Length; i++)
            Assert.Equal(ictx.Outputs[i]!.Value.Shape, outputs[i].Shape);
        return outputs;
    }

    /// <summary>
    /// Checks the analytic gradient of L = Σ_k Σ w_k · y_k (random weights w) with respect to
    /// each float input listed in <paramref name="wrt"/> against central differences.
    /// </summary>
    public static void CheckGradient(Operator op, Tensor?[] inputs, int[] wrt, int seed = 1, double eps = 1e-2, double tol = 2e-2, bool[]? constant = null)
    {
        var rng = new Random(seed);
        var outputs = Run(op, inputs, constant);
        var weights = outputs.Select(o => o.Type == DataType.Float32 ? RandomTensor(rng, o.Shape) : null).ToArray();

        var needs = new bool[inputs.Length];
        foreach (int i in wrt) needs[i] = true;
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var ctx = new BackwardContext(inputs, infos, outputs, weights, needs);
        op.Backward(ctx);

        foreach (int i in wrt)
        {
            var analytic = ctx.InputGrads[i] ?? throw new Xunit.Sdk.XunitException($"Backward gave no gradient for input {i}.");
            var x = inputs[i]!.Floats;
            double scale = 1e-3;
            var numeric = new double[x.Length];
            for (int k = 0; k < x.Length; k++)
            {
                float keep = x[k];
                x[k] = (float)(keep + eps);
                double up = Loss(op, inputs, weights, constant);
                x[k] = (float)(keep - eps);
                double down = Loss(op, inputs, weights, constant);
                x[k] = keep;
                numeric[k] = (up - down) / (2 * eps);
                scale = Math.Max(scale, Math.Abs(numeric[k]));
            }
            var a = analytic.Floats;
            for (int k = 0; k < x.Length; k++)
            {
                double diff = Math.Abs(a[k] - numeric[k]);
                if (diff > tol * scale)
                    throw new Xunit.Sdk.XunitException($"{op.Node.OpType}: d/dx{i}[{k}] analytic {a[k]:G6} vs numeric {numeric[k]:G6} (scale {scale:G4}).");
            }
        }
    }

    private static double Loss(Operator op, Tensor?[] inputs, Tensor?[] weights, bool[]? constant)
    {
        var outs = Run(op, inputs, constant);
        double s = 0;
        for (int o = 0; o < outs.Length; o++)
        {
            if (weights[o] is not { } w) continue;
            var y = outs[o].Floats;
            var ws = w.Floats;
            for (int k = 0; k < y.Length; k++) s += (double)y[k] * ws[k];
        }
        return s;
    }

    /// <summary>Uniform values in [-1, 1).</summary>
    public static Tensor RandomTensor(Random rng, params int[] shape)
    {
        var data = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(rng.NextDouble() * 2 - 1);
        return Tensor.FromFloats(data, shape);
    }

    /// <summary>Asserts max |a − b| ≤ tol · max(1, max |b|).</summary>
    public static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxRef = 1, maxDiff = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
            double d = Math.Abs(actual[i] - expected[i]);
            if (d > maxDiff || double.IsNaN(d)) { maxDiff = double.IsNaN(d) ? double.PositiveInfinity : d; at = i; }
        }
        if (maxDiff > tol * maxRef)
            throw new Xunit.Sdk.XunitException($"max |diff| {maxDiff:G4} at {at} (actual {actual[at]:G6}, expected {expected[at]:G6}) exceeds {tol:G2} × {maxRef:G4}.");
    }
}
