using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>The one-pass nearest resampling against the separable passes it replaces.</summary>
public class NearestPlanesTests
{
    [Theory]
    [InlineData(1, 3, 5, 7, 10, 14, "asymmetric", "floor")] // 2×, a width with a tail past the last vector
    [InlineData(2, 4, 13, 13, 26, 26, "asymmetric", "floor")] // YOLOX's 13 → 26, batch 2
    [InlineData(8, 2, 20, 20, 40, 40, "asymmetric", "floor")] // YOLOv8's 20 → 40 at batch 8
    [InlineData(1, 2, 5, 7, 8, 11, "half_pixel", "round_prefer_floor")] // non-integer factors
    [InlineData(3, 1, 9, 9, 4, 5, "half_pixel", "round_prefer_ceil")] // downsampling
    [InlineData(1, 2, 6, 3, 6, 9, "asymmetric", "floor")] // only the width resampled
    [InlineData(1, 2, 3, 6, 7, 6, "tf_half_pixel_for_nn", "ceil")] // only the height resampled
    public void Forward_NearestOnLastTwoAxes_EqualsSeparablePasses(int n, int c, int h, int w, int outH, int outW, string coordinates, string nearest)
    {
        var settings = new ResizeSettings(InterpolationMode.Nearest,
            ResizeAttributes.Coordinates(null!, coordinates), ResizeAttributes.Nearest(null!, nearest));
        int[] inShape = [n, c, h, w], outShape = [n, c, outH, outW];
        var taps = new AxisTaps?[4];
        taps[2] = AxisTaps.Build(h, outH, (float)outH / h, 0, 1, settings);
        taps[3] = AxisTaps.Build(w, outW, (float)outW / w, 0, 1, settings);
        var plan = new ResizePlan(inShape, outShape, taps, 0f);
        Assert.True(plan.IsNearestPlanes);

        var x = OpTester.RandomTensor(new Random(h * 31 + outW), inShape);
        using var fast = Tensor.Uninitialized(DataType.Float32, outShape);
        using var twin = Tensor.Uninitialized(DataType.Float32, outShape);
        plan.Forward(x, fast);
        plan.ForwardSeparable(x, twin);
        Assert.Equal(twin.Floats.ToArray(), fast.Floats.ToArray());
    }

    [Fact]
    public void Forward_LinearOrResampledChannels_KeepTheSeparablePath()
    {
        var nearest = new ResizeSettings(InterpolationMode.Nearest, CoordinateMode.Asymmetric, NearestMode.Floor);
        var linear = nearest with { Mode = InterpolationMode.Linear };
        var channels = new ResizePlan([1, 2, 3, 3], [1, 4, 6, 6], [null, AxisTaps.Build(2, 4, 2, 0, 1, nearest), AxisTaps.Build(3, 6, 2, 0, 1, nearest), AxisTaps.Build(3, 6, 2, 0, 1, nearest)], 0f);
        var bilinear = new ResizePlan([1, 2, 3, 3], [1, 2, 6, 6], [null, null, AxisTaps.Build(3, 6, 2, 0, 1, linear), AxisTaps.Build(3, 6, 2, 0, 1, linear)], 0f);
        Assert.False(channels.IsNearestPlanes);
        Assert.False(bilinear.IsNearestPlanes);
    }

    [Theory]
    [InlineData(new[] { 0, 0, 1, 1, 2, 2 }, 3, true)]
    [InlineData(new[] { 0, 0, 1, 1, 2 }, 3, false)]
    [InlineData(new[] { 0, 1, 1, 1, 2, 2 }, 3, false)]
    public void IsDoubling_Columns_TrueOnlyForEachInputTwice(int[] columns, int width, bool expected) =>
        Assert.Equal(expected, NearestPlanes.IsDoubling(columns, width));
}
