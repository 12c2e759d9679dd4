using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class ConcatTests
{
    [Fact]
    public void Concat_Axis1_InterleavesRows()
    {
        var y = Run("Concat", [Seq(2, 2), Floats([10, 11, 12, 13, 14, 15], 2, 3)], Attrs(("axis", 1)));
        Equal(y, [0, 1, 10, 11, 12, 2, 3, 13, 14, 15], 2, 5);
    }

    [Fact]
    public void Concat_NegativeAxis_CountsFromEnd()
    {
        var y = Run("Concat", [Seq(1, 2), Seq(2, 2)], Attrs(("axis", -2)));
        Equal(y, [0, 1, 0, 1, 2, 3], 3, 2);
    }

    [Fact]
    public void Concat_EmptyInput_IsSkipped()
    {
        var y = Run("Concat", [Seq(2, 0), Seq(2, 2)], Attrs(("axis", 1)));
        Equal(y, [0, 1, 2, 3], 2, 2);
    }

    [Fact]
    public void Concat_Int64Vectors_Join() =>
        EqualLongs(Run("Concat", [Longs(1), Longs(-1, 4), Longs(5)], Attrs(("axis", 0))), [1, -1, 4, 5], 4);

    [Fact]
    public void Concat_ShapeMismatch_ThrowsNamingBothShapes() =>
        Fails("Concat", () => Run("Concat", [Seq(1, 4, 4, 4), Seq(1, 2, 2, 2)], Attrs(("axis", 1))),
            "input 1 has shape [1, 2, 2, 2], expected [1, *, 4, 4]");

    [Fact]
    public void Concat_MissingAxis_Throws() =>
        Assert.Contains("axis", Assert.ThrowsAny<Exception>(() => Run("Concat", [Seq(2), Seq(2)])).Message);

    [Fact]
    public void Concat_Gradient_MatchesFiniteDifferences()
    {
        var rng = new Random(21);
        var inputs = new[] { OpTester.RandomTensor(rng, 2, 3, 5), OpTester.RandomTensor(rng, 2, 1, 5), OpTester.RandomTensor(rng, 2, 4, 5) };
        Gradient("Concat", inputs, Attrs(("axis", -2)), wrt: [0, 1, 2]);
        Gradient("Concat", inputs[..2], Attrs(("axis", 1)), wrt: [1]);
    }
}
