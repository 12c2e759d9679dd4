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

    [Theory]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void SpaceToDepth_WideRows_MatchesPixelReference(int block, int batch)
    {
        // Block size 2 takes the phase-split kernel (16 columns per permute), 3 the index map; both against the definition.
        int c = 3, h = 2 * block, w = 34 * block;
        var x = OpTester.RandomTensor(new Random(block), batch, c, h, w);
        var y = Run("SpaceToDepth", [x], Attrs(("blocksize", (long)block)));
        var expected = new float[x.Length];
        var xs = x.ToFloatArray();
        int k = 0;
        for (int n = 0; n < batch; n++)
            for (int i = 0; i < block; i++)
                for (int j = 0; j < block; j++)
                    for (int ci = 0; ci < c; ci++)
                        for (int yy = 0; yy < h / block; yy++)
                            for (int xx = 0; xx < w / block; xx++)
                                expected[k++] = xs[((n * c + ci) * h + yy * block + i) * w + xx * block + j];
        Equal(y, expected, batch, c * block * block, h / block, w / block);
    }

    [Fact]
    public void SpaceToDepth_Gradient_MatchesFiniteDifferences() =>
        Gradient("SpaceToDepth", [OpTester.RandomTensor(new Random(5), 2, 2, 4, 2)], Attrs(("blocksize", 2)));

    [Fact]
    public void SpaceToDepth_BlockSize3Gradient_MatchesFiniteDifferences() =>
        Gradient("SpaceToDepth", [OpTester.RandomTensor(new Random(6), 1, 2, 3, 6)], Attrs(("blocksize", 3)));
}
