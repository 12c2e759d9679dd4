using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class DepthToSpaceTests
{
    [Fact]
    public void DepthToSpace_DcrSpecExample_MatchesReshapeTranspose()
    {
        // The spec's definition: reshape [N, b, b, C/b², H, W], transpose (0, 3, 4, 1, 5, 2).
        var x = Seq(1, 8, 2, 3);
        var y = Run("DepthToSpace", [x], Attrs(("blocksize", 2)));
        Assert.Equal([1, 2, 4, 6], y.Shape);
        var expected = Reference(x, 2, crd: false);
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Fact]
    public void DepthToSpace_Crd_MatchesPixelShuffle()
    {
        var x = Seq(2, 8, 2, 2);
        var y = Run("DepthToSpace", [x], Attrs(("blocksize", 2), ("mode", "CRD")));
        Assert.Equal(Reference(x, 2, crd: true), y.Floats.ToArray());
        // PixelShuffle: y[0, 0, 0, 1] = x[0, 1, 0, 0] (channel c·b² + i·b + j with i = 0, j = 1).
        Assert.Equal(x.Floats[1 * 4], y.Floats[1]);
    }

    [Fact]
    public void DepthToSpace_ChannelsNotDivisible_Throws() =>
        Fails("DepthToSpace", () => Run("DepthToSpace", [Seq(1, 6, 2, 2)], Attrs(("blocksize", 2))), "divisible");

    [Fact]
    public void DepthToSpace_Gradient_MatchesFiniteDifferences() =>
        Gradient("DepthToSpace", [OpTester.RandomTensor(new Random(3), 1, 9, 2, 2)], Attrs(("blocksize", 3), ("mode", "CRD")));

    [Fact]
    public void SpaceToDepth_ThenDepthToSpace_RoundTrips()
    {
        var x = Seq(2, 3, 4, 6);
        var s = Run("SpaceToDepth", [x], Attrs(("blocksize", 2)));
        Assert.Equal([2, 12, 2, 3], s.Shape);
        var back = Run("DepthToSpace", [s], Attrs(("blocksize", 2)));
        Assert.Equal(x.Floats.ToArray(), back.Floats.ToArray());
    }

    /// <summary>The spec's reshape + transpose, by explicit indices.</summary>
    private static float[] Reference(Tensor x, int b, bool crd)
    {
        int n = x.Shape[0], c = x.Shape[1] / (b * b), h = x.Shape[2], w = x.Shape[3];
        var y = new float[x.Length];
        for (int ni = 0; ni < n; ni++)
            for (int ci = 0; ci < c; ci++)
                for (int hi = 0; hi < h; hi++)
                    for (int i = 0; i < b; i++)
                        for (int wi = 0; wi < w; wi++)
                            for (int j = 0; j < b; j++)
                            {
                                int channel = crd ? ci * b * b + i * b + j : (i * b + j) * c + ci;
                                int dst = ((ni * c + ci) * h * b + hi * b + i) * w * b + wi * b + j;
                                y[dst] = x.Floats[((ni * c * b * b + channel) * h + hi) * w + wi];
                            }
        return y;
    }
}
