using System.Text.Json;
using CamSharp.Explain;
using Xunit;

namespace CamSharp.Tests.Explain;

public class VolumeResizeTests
{
    /// <summary>scipy.ndimage.zoom's output for small random volumes (tools/spline_zoom/make_reference.py).</summary>
    public static TheoryData<int> ReferenceCases() => new(Enumerable.Range(0, Reference().GetArrayLength()));

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Spline_RandomVolume_MatchesScipyZoom(int index)
    {
        var c = Reference()[index];
        int[] shape = Ints(c, "shape"), to = Ints(c, "to");
        var input = c.GetProperty("input").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var expected = c.GetProperty("expected").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var actual = VolumeResize.Spline(input, shape[0], shape[1], shape[2], to[0], to[1], to[2]);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5, $"[{string.Join("×", shape)} → {string.Join("×", to)}] value {i}: {actual[i]} vs scipy's {expected[i]}");
    }

    [Fact]
    public void Spline_SameSize_KeepsSamples()
    {
        // The prefilter makes the spline interpolate: at the sample points it returns the samples.
        float[] v = [1, 2, 3, 4, 5, 6, 7, 8];
        var r = VolumeResize.Spline(v, 2, 2, 2, 2, 2, 2);
        for (int i = 0; i < v.Length; i++) Assert.Equal(v[i], r[i], 5);
    }

    [Fact]
    public void Spline_ConstantVolume_StaysConstant()
    {
        var r = VolumeResize.Spline(Enumerable.Repeat(0.25f, 2 * 3 * 4).ToArray(), 2, 3, 4, 5, 8, 9);
        Assert.All(r, v => Assert.Equal(0.25f, v, 6));
    }

    [Fact]
    public void Spline_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => VolumeResize.Spline([1, 2, 3], 2, 1, 1, 3, 1, 1));

    [Fact]
    public void Spline_EmptyTarget_Throws() =>
        Assert.Throws<ArgumentException>(() => VolumeResize.Spline([1, 2], 2, 1, 1, 0, 1, 1));

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

    private static JsonElement Reference()
    {
        string path = Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Explain", "Data", "spline_zoom_reference.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases");
    }

    private static int[] Ints(JsonElement c, string name) => c.GetProperty(name).EnumerateArray().Select(v => v.GetInt32()).ToArray();
}
