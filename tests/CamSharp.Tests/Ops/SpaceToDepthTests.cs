using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class SpaceToDepthTests
{
    [Fact]
    public void SpaceToDepth_SpecExample_MovesBlocksToChannels()
    {
        // ONNX's test_spacetodepth_example: [1, 1, 2, 4] with blocksize 2.
        var y = Run("SpaceToDepth", [Floats([0, 6, 1, 7, 2, 8, 3, 9], 1, 1, 2, 4)], Attrs(("blocksize", 2)));
        Equal(y, [0, 1, 6, 7, 2, 3, 8, 9], 1, 4, 1, 2);
    }

    [Fact]
    public void SpaceToDepth_SizeNotDivisible_Throws() =>
        Fails("SpaceToDepth", () => Run("SpaceToDepth", [Seq(1, 1, 3, 4)], Attrs(("blocksize", 2))), "divisible");

    [Fact]
    public void SpaceToDepth_Gradient_MatchesFiniteDifferences() =>
        Gradient("SpaceToDepth", [OpTester.RandomTensor(new Random(5), 2, 2, 4, 2)], Attrs(("blocksize", 2)));
}
