using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Helpers for the elementwise operator tests: a naive NumPy-broadcast reference, random
/// data kept away from kinks, and a gradient check that also proves Backward reads only
/// what <see cref="Operator.Needs"/> declares.
/// </summary>
public static class ElementwiseTesting
{
    /// <summary>Runs a one-output operator and returns its output.</summary>
    public static Tensor Run1(string opType, Tensor?[] inputs, Attributes? attrs = null, int opset = 17) =>
        OpTester.Run(opType, inputs, attrs, 1, opset)[0];

    /// <summary>Uniform values in [lo, hi) at least <paramref name="margin"/> away from every kink.</summary>
    public static Tensor RandomAway(Random rng, int[] shape, float lo = -1, float hi = 1, float[]? kinks = null, float margin = 0.05f)
    {
        var data = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++)
        {
            float v;
            do v = (float)(lo + rng.NextDouble() * (hi - lo));
            while (kinks is not null && kinks.Any(k => Math.Abs(v - k) < margin));
            data[i] = v;
        }
        return Tensor.FromFloats(data, shape);
    }

    /// <summary>Reference result of f over NumPy-broadcast operands, by explicit index arithmetic.</summary>
    public static double[] Broadcast(int[] outShape, Tensor[] operands, Func<double[], double> f)
    {
        int n = ShapeUtil.Size(outShape);
        var result = new double[n];
        var args = new double[operands.Length];
        var index = new int[outShape.Length];
        for (int flat = 0; flat < n; flat++)
        {
            int rem = flat;
            for (int d = outShape.Length - 1; d >= 0; d--)
            {
                index[d] = rem % outShape[d];
                rem /= outShape[d];
            }
            for (int k = 0; k < operands.Length; k++) args[k] = operands[k].GetDouble(SourceIndex(operands[k].Shape, outShape, index));
            result[flat] = f(args);
        }
        return result;
    }

    /// <summary>Flat index into an operand of <paramref name="shape"/> for an output multi-index.</summary>
    public static int SourceIndex(int[] shape, int[] outShape, int[] index)
    {
        int off = outShape.Length - shape.Length, flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + (shape[d] == 1 ? 0 : index[off + d]);
        return flat;
    }

    public static float[] ToFloats(double[] v) => v.Select(x => (float)x).ToArray();

    /// <summary>
    /// Finite-difference check of every input in <paramref name="wrt"/>; then Backward runs
    /// again with only the values <see cref="Operator.Needs"/> declares (plus constant
    /// inputs) and must give identical gradients, and nothing for inputs not asked for.
    /// </summary>
    public static void CheckGradient(Operator op, Tensor?[] inputs, int[] wrt, double eps = 1e-2, double tol = 2e-2, bool[]? constant = null)
    {
        OpTester.CheckGradient(op, inputs, wrt, seed: 7, eps: eps, tol: tol, constant: constant);

        var outputs = OpTester.Run(op, inputs, constant);
        var rng = new Random(11);
        var weights = outputs.Select(o => o.Type == DataType.Float32 ? OpTester.RandomTensor(rng, o.Shape) : null).ToArray();
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var needs = new bool[inputs.Length];
        foreach (int i in wrt) needs[i] = true;

        var full = new BackwardContext(inputs, infos, outputs, weights, needs);
        op.Backward(full);

        bool keepInputs = op.Needs.HasFlag(BackwardNeeds.Inputs), keepOutputs = op.Needs.HasFlag(BackwardNeeds.Outputs);
        var keptInputs = inputs.Select((t, i) => keepInputs || IsConstant(t, i, constant) ? t : null).ToArray();
        var keptOutputs = outputs.Select(o => keepOutputs ? o : null).ToArray();
        var lean = new BackwardContext(keptInputs, infos, keptOutputs, weights, needs);
        op.Backward(lean);

        for (int i = 0; i < inputs.Length; i++)
        {
            if (!needs[i])
            {
                Assert.Null(lean.InputGrads[i]);
                continue;
            }
            Assert.Equal(full.InputGrads[i]!.Floats.ToArray(), lean.InputGrads[i]!.Floats.ToArray());
        }
    }

    /// <summary>Backward with a null (zero) output gradient must give zero gradients of the right shapes.</summary>
    public static void AssertZeroGradWithoutOutputGrad(Operator op, Tensor?[] inputs, int[] wrt)
    {
        var outputs = OpTester.Run(op, inputs);
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var needs = new bool[inputs.Length];
        foreach (int i in wrt) needs[i] = true;
        var ctx = new BackwardContext(inputs, infos, outputs, new Tensor?[outputs.Length], needs);
        op.Backward(ctx);
        foreach (int i in wrt)
        {
            var g = ctx.InputGrads[i] ?? throw new Xunit.Sdk.XunitException($"No gradient for input {i}.");
            Assert.Equal(inputs[i]!.Shape, g.Shape);
            Assert.All(g.Floats.ToArray(), v => Assert.Equal(0f, v));
        }
    }

    private static bool IsConstant(Tensor? t, int i, bool[]? constant) =>
        t is not null && (constant?[i] ?? t.Type != DataType.Float32);
}
