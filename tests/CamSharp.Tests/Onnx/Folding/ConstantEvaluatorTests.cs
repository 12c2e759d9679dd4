using CamSharp.Engine;
using CamSharp.Onnx.Folding;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx.Folding;

public class ConstantEvaluatorTests
{
    private static Tensor Evaluate(string op, Attributes attributes, params Tensor[] inputs) =>
        ConstantEvaluator.Evaluate(new Node("n", op, inputs.Select((_, i) => $"x{i}").ToArray(), ["y"], attributes), inputs)[0];

    /// <summary>numpy.mod: the result takes the divisor's sign.</summary>
    [Fact]
    public void Mod_Integers_TakeTheDivisorsSign() =>
        Assert.Equal([2L, -2, 1, -1], Evaluate("Mod", new Attributes(), Tensor.FromLongs([-7, 7, 7, -7], 4), Tensor.FromLongs([3, -3, 3, -3], 4)).Longs.ToArray());

    /// <summary>numpy.fmod: the result takes the dividend's sign.</summary>
    [Fact]
    public void Mod_Fmod_TakesTheDividendsSign() =>
        Assert.Equal([-1L, 1, 1, -1], Evaluate("Mod", new Attributes().Set("fmod", 1L), Tensor.FromLongs([-7, 7, 7, -7], 4), Tensor.FromLongs([3, -3, 3, -3], 4)).Longs.ToArray());

    [Fact]
    public void Mod_FloatsWithoutFmod_Throw() =>
        Assert.Throws<ModelException>(() => Evaluate("Mod", new Attributes(), Tensor.FromFloats([1], 1), Tensor.FromFloats([2], 1)));

    [Fact]
    public void Mod_Broadcasts() =>
        Assert.Equal([1f, -1f], Evaluate("Mod", new Attributes().Set("fmod", 1L), Tensor.FromFloats([4, -2.5f], 2), Tensor.FromFloats([1.5f], 1)).Floats.ToArray());

    /// <summary>The spec's example: rows 0 and 2 of a [4, 4, 4] tensor replaced.</summary>
    [Fact]
    public void ScatterND_Slices_ReplaceRows()
    {
        var data = Tensor.FromFloats(Enumerable.Range(0, 8).Select(i => (float)i).ToArray(), 4, 2);
        var indices = Tensor.FromLongs([0, 2], 2, 1);
        var updates = Tensor.FromFloats([10, 11, 20, 21], 2, 2);
        Assert.Equal([10f, 11, 2, 3, 20, 21, 6, 7], Evaluate("ScatterND", new Attributes(), data, indices, updates).Floats.ToArray());
    }

    [Fact]
    public void ScatterND_AddReduction_Accumulates() =>
        Assert.Equal([1L, 12, 3], Evaluate("ScatterND", new Attributes().Set("reduction", "add"),
            Tensor.FromLongs([1, 2, 3], 3), Tensor.FromLongs([1, 1], 2, 1), Tensor.FromLongs([4, 6], 2)).Longs.ToArray());

    [Fact]
    public void ScatterND_IndexOutOfRange_Throws() =>
        Assert.Throws<ModelException>(() => Evaluate("ScatterND", new Attributes(),
            Tensor.FromLongs([1, 2, 3], 3), Tensor.FromLongs([3], 1, 1), Tensor.FromLongs([4], 1)));
}
