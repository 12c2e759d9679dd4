using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>Short forms for the shape and data movement op tests.</summary>
internal static class ShapeOpTest
{
    public static Attributes Attrs(params (string Name, object Value)[] items)
    {
        var a = new Attributes();
        foreach (var (name, value) in items) a.Set(name, value);
        return a;
    }

    /// <summary>Floats 0, 1, 2, … in row-major order, so a value names its source position.</summary>
    public static Tensor Seq(params int[] shape)
    {
        var data = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = i;
        return Tensor.FromFloats(data, shape);
    }

    public static Tensor LongSeq(params int[] shape)
    {
        var data = new long[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = i;
        return Tensor.FromLongs(data, shape);
    }

    public static Tensor Floats(float[] data, params int[] shape) => Tensor.FromFloats(data, shape);

    public static Tensor Longs(params long[] values) => Tensor.Vector(values);

    /// <summary>Runs a one-output op.</summary>
    public static Tensor Run(string op, Tensor?[] inputs, Attributes? attrs = null, int opset = 17) =>
        OpTester.Run(op, inputs, attrs, 1, opset)[0];

    /// <summary>Finite-difference check of every input listed in <paramref name="wrt"/>.</summary>
    public static void Gradient(string op, Tensor?[] inputs, Attributes? attrs = null, int opset = 17, int outputs = 1, int[]? wrt = null, int seed = 1) =>
        OpTester.CheckGradient(OpTester.Create(op, inputs.Length, outputs, attrs, opset), inputs, wrt ?? [0], seed);

    /// <summary>Runs only Infer, with the given inputs marked constant (default: non-float ones).</summary>
    public static InferContext Infer(string op, Tensor?[] inputs, Attributes? attrs = null, int opset = 17, bool[]? constant = null, int outputs = 1)
    {
        var @operator = OpTester.Create(op, inputs.Length, outputs, attrs, opset);
        var infos = inputs.Select(t => t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var consts = inputs.Select((t, i) => t is not null && (constant?[i] ?? t.Type != DataType.Float32) ? t : null).ToArray();
        var ctx = new InferContext(infos, consts, outputs);
        @operator.Infer(ctx);
        return ctx;
    }

    /// <summary>Asserts a <see cref="ModelException"/> whose message names the test node and contains each fragment.</summary>
    public static void Fails(string op, Action action, params string[] fragments)
    {
        var e = Assert.Throws<ModelException>(action);
        Assert.Contains($"Node '/test/{op}' ({op})", e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    public static void Equal(Tensor actual, float[] expected, params int[] shape)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(expected, actual.Floats.ToArray());
    }

    public static void EqualLongs(Tensor actual, long[] expected, params int[] shape)
    {
        Assert.Equal(shape, actual.Shape);
        Assert.Equal(expected, actual.Longs.ToArray());
    }

    /// <summary>Random shape with each dimension in [lo, hi].</summary>
    public static int[] RandomShape(Random rng, int rank, int lo = 1, int hi = 5)
    {
        var s = new int[rank];
        for (int i = 0; i < rank; i++) s[i] = rng.Next(lo, hi + 1);
        return s;
    }

    /// <summary>The multi-index of flat position <paramref name="flat"/> in <paramref name="shape"/>.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    public static int Ravel(int[] idx, int[] shape)
    {
        int flat = 0;
        for (int d = 0; d < shape.Length; d++) flat = flat * shape[d] + idx[d];
        return flat;
    }
}
