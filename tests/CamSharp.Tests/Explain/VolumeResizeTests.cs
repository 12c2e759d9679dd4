using CamSharp.Explain;
using Xunit;

namespace CamSharp.Tests.Explain;

public class VolumeResizeTests
{
    [Fact]
    public void Linear_SameSize_IsACopy()
    {
        float[] v = [1, 2, 3, 4, 5, 6, 7, 8];
        Assert.Equal(v, VolumeResize.Linear(v, 2, 2, 2, 2, 2, 2));
    }

    [Fact]
    public void Linear_TwoFramesToThree_AlignsCornersAndAveragesBetween()
    {
        // D 2 → 3 with H = W = 1: frames 0, (0 + 1) / 2, 1 of the input.
        Assert.Equal(new float[] { 0, 5, 10 }, VolumeResize.Linear([0, 10], 2, 1, 1, 3, 1, 1));
    }

    [Fact]
    public void Linear_Upsampled_KeepsCornersAndRange()
    {
        var rng = new Random(1);
        var v = Enumerable.Range(0, 2 * 3 * 4).Select(_ => (float)rng.NextDouble()).ToArray();
        var r = VolumeResize.Linear(v, 2, 3, 4, 5, 7, 9);
        Assert.Equal(5 * 7 * 9, r.Length);
        Assert.Equal(v[0], r[0]);
        Assert.Equal(v[^1], r[^1], 6);
        Assert.All(r, x => Assert.InRange(x, v.Min() - 1e-6f, v.Max() + 1e-6f));
    }

    [Fact]
    public void Linear_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => VolumeResize.Linear([1, 2, 3], 2, 1, 1, 3, 1, 1));
}
