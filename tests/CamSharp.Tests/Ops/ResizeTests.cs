using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>Expected values of the "ONNX" cases are the ONNX backend tests' (onnx/backend/test/case/node/resize.py).</summary>
public class ResizeTests
{
    private static readonly Tensor TwoByTwo = Tensor.FromFloats([1, 2, 3, 4], 1, 1, 2, 2);
    private static readonly bool[] Constants = [false, true, true, true];

    private static Tensor Ramp(params int[] shape) =>
        Tensor.FromFloats(Enumerable.Range(1, ShapeUtil.Size(shape)).Select(i => (float)i).ToArray(), shape);

    private static Attributes Attrs(string mode, string? coordinates = null, string? nearest = null)
    {
        var a = new Attributes().Set("mode", mode);
        if (coordinates is not null) a.Set("coordinate_transformation_mode", coordinates);
        if (nearest is not null) a.Set("nearest_mode", nearest);
        return a;
    }

    private static Tensor ResizeScales(Tensor x, float[] scales, Attributes attrs, int opset = 13) =>
        OpTester.Run("Resize", [x, null, Tensor.FromFloats(scales, scales.Length)], attrs, opset: opset, constant: Constants)[0];

    private static Tensor ResizeSizes(Tensor x, long[] sizes, Attributes attrs, int opset = 13, float[]? roi = null) =>
        OpTester.Run("Resize", [x, roi is null ? null : Tensor.FromFloats(roi, roi.Length), null, Tensor.Vector(sizes)], attrs, opset: opset, constant: Constants)[0];

    [Fact]
    public void Forward_NearestUpsampleScales_MatchesOnnx()
    {
        var y = ResizeScales(TwoByTwo, [1, 1, 2, 3], Attrs("nearest"));
        Assert.Equal([1, 1, 4, 6], y.Shape);
        Assert.Equal([1f, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_NearestDownsampleScales_MatchesOnnx()
    {
        var y = ResizeScales(Ramp(1, 1, 2, 4), [1, 1, 0.6f, 0.6f], Attrs("nearest"));
        Assert.Equal([1, 1, 1, 2], y.Shape);
        Assert.Equal([1f, 3], y.Floats.ToArray());
    }

    [Theory]
    [InlineData("round_prefer_floor", new float[] { 1, 1, 2, 2, 3, 3, 4, 4 })]
    [InlineData("round_prefer_ceil", new float[] { 1, 2, 2, 3, 3, 4, 4, 4 })]
    [InlineData("floor", new float[] { 1, 1, 2, 2, 3, 3, 4, 4 })]
    [InlineData("ceil", new float[] { 1, 2, 2, 3, 3, 4, 4, 4 })]
    public void Forward_NearestModesOnHalfwayCoordinates_RoundAsNamed(string nearest, float[] expected)
    {
        var y = ResizeSizes(Ramp(4), [8], Attrs("nearest", "asymmetric", nearest));
        Assert.Equal(expected, y.Floats.ToArray());
    }

    [Fact]
    public void Forward_LinearUpsampleHalfPixel_MatchesOnnx()
    {
        var y = ResizeScales(TwoByTwo, [1, 1, 2, 2], Attrs("linear"));
        Assert.Equal([1f, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4], y.Floats.ToArray());
    }

    [Fact]
    public void Forward_LinearHalfPixelToOddSizes_MatchesOpenCvInterLinear()
    {
        // OpenCV's INTER_LINEAR on float data uses the same half-pixel, edge-clamped bilinear rule.
        var map = Fixtures.Npy("images/float_small_7x7.npy.gz");
        var expected = Fixtures.Npy("images/float_small_7x7.linear_100x60.npy.gz");
        var x = map.Clone([1, 1, 7, 7]);
        var y = ResizeSizes(x, [1, 1, 60, 100], Attrs("linear"));
        Assert.Equal([1, 1, 60, 100], y.Shape);
        OpTester.AssertClose(y.Floats, expected.Floats, 1e-5);
    }

    [Fact]
    public void Forward_LinearAlignCorners_MatchesOnnx()
    {
        var y = ResizeScales(TwoByTwo, [1, 1, 2, 2], Attrs("linear", "align_corners"));
        float t = 1 / 3f;
        OpTester.AssertClose(y.Floats, [1, 1 + t, 1 + 2 * t, 2, 1 + 2 * t, 2, 2 + t, 2 + 2 * t, 2 + t, 2 + 2 * t, 3, 3 + t, 3, 3 + t, 3 + 2 * t, 4]);
    }

    [Fact]
    public void Forward_LinearDownsample_MatchesOnnx()
    {
        var y = ResizeScales(Ramp(1, 1, 2, 4), [1, 1, 0.6f, 0.6f], Attrs("linear"));
        OpTester.AssertClose(y.Floats, [2.6666665f, 4.3333331f]);
    }

    [Fact]
    public void Forward_LinearPytorchHalfPixelToLengthOne_MatchesOnnx()
    {
        var y = ResizeSizes(Ramp(1, 1, 4, 4), [1, 1, 3, 1], Attrs("linear", "pytorch_half_pixel"));
        OpTester.AssertClose(y.Floats, [1.6666666f, 7, 12.333333f]);
    }

    [Fact]
    public void Forward_CubicUpsample_MatchesOnnxFirstRow()
    {
        var y = ResizeScales(Ramp(1, 1, 4, 4), [1, 1, 2, 2], Attrs("cubic"));
        Assert.Equal([1, 1, 8, 8], y.Shape);
        OpTester.AssertClose(y.Floats[..8], [0.47265625f, 0.76953125f, 1.24609375f, 1.875f, 2.28125f, 2.91015625f, 3.38671875f, 3.68359375f]);
    }

    [Fact]
    public void Forward_CubicExcludeOutside_RenormalisesInsideTaps()
    {
        var attrs = Attrs("cubic").Set("exclude_outside", 1);
        var y = ResizeScales(Ramp(4), [2], attrs);
        // x = −0.25: taps −2 and −1 drop out, weights 0.87890625 and −0.10546875 remain.
        Assert.Equal(0.66796875f / 0.7734375f, y.Floats[0], 6);
        var flat = ResizeScales(Tensor.FromFloats(Enumerable.Repeat(3f, 5).ToArray(), 5), [1.4f], attrs.Set("cubic_coeff_a", -0.5f));
        OpTester.AssertClose(flat.Floats, Enumerable.Repeat(3f, 7).ToArray());
    }

    [Fact]
    public void Forward_TfCropAndResize_MatchesOnnx()
    {
        var y = ResizeSizes(Ramp(1, 1, 4, 4), [1, 1, 3, 3], Attrs("linear", "tf_crop_and_resize"), roi: [0, 0, 0.4f, 0.6f, 1, 1, 0.6f, 0.8f]);
        OpTester.AssertClose(y.Floats, [7.6f, 7.9f, 8.2f, 8.8f, 9.1f, 9.4f, 10, 10.3f, 10.6f]);
    }

    [Fact]
    public void Forward_TfCropAndResizeOutsideInput_UsesExtrapolationValue()
    {
        var attrs = Attrs("linear", "tf_crop_and_resize").Set("extrapolation_value", 10f);
        var y = ResizeSizes(Ramp(1, 1, 4, 4), [1, 1, 3, 3], attrs, roi: [0, 0, 0.4f, 0.6f, 1, 1, 1.2f, 1.7f]);
        OpTester.AssertClose(y.Floats, [7.6f, 10, 10, 12.4f, 10, 10, 10, 10, 10]);
    }

    [Fact]
    public void Forward_Opset18AxesNotLarger_KeepsAspectRatio()
    {
        var attrs = Attrs("nearest").Set("axes", new[] { 2, 3 }).Set("keep_aspect_ratio_policy", "not_larger");
        var y = ResizeSizes(TwoByTwo, [7, 8], attrs, opset: 18);
        Assert.Equal([1, 1, 7, 7], y.Shape);
        float[] top = [1, 1, 1, 1, 2, 2, 2], bottom = [3, 3, 3, 3, 4, 4, 4];
        Assert.Equal(Enumerable.Repeat(top, 4).Concat(Enumerable.Repeat(bottom, 3)).SelectMany(r => r).ToArray(), y.Floats.ToArray());
    }

    [Fact]
    public void Forward_Opset10_UsesAsymmetricTruncationAndCeilWhenDownsampling()
    {
        var up = OpTester.Run("Resize", [TwoByTwo, Tensor.FromFloats([1, 1, 2, 3], 4)], Attrs("nearest"), opset: 10, constant: [false, true])[0];
        Assert.Equal([1f, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], up.Floats.ToArray());
        var down = OpTester.Run("Resize", [Ramp(5), Tensor.FromFloats([0.6f], 1)], Attrs("nearest"), opset: 10, constant: [false, true])[0];
        Assert.Equal([1f, 3, 5], down.Floats.ToArray()); // x = o / 0.6 = 0, 1.67, 3.33 → ceil
    }

    [Theory]
    [InlineData(7)]
    [InlineData(9)]
    public void Upsample_LinearAsymmetric_ClampsAtTheEnd(int opset)
    {
        var attrs = Attrs("linear");
        float[] scales = [1, 1, 2, 4];
        var y = opset < 9
            ? OpTester.Run("Upsample", [TwoByTwo], attrs.Set("scales", scales), opset: opset)[0]
            : OpTester.Run("Upsample", [TwoByTwo, Tensor.FromFloats(scales, 4)], attrs, opset: opset, constant: [false, true])[0];
        float[] r0 = [1, 1.25f, 1.5f, 1.75f, 2, 2, 2, 2];
        float[] mid = r0.Select(v => v + 1).ToArray(), r1 = r0.Select(v => v + 2).ToArray();
        Assert.Equal([1, 1, 4, 8], y.Shape);
        Assert.Equal(r0.Concat(mid).Concat(r1).Concat(r1).ToArray(), y.Floats.ToArray());
    }

    [Fact]
    public void Upsample_Nearest_RepeatsValues()
    {
        var y = OpTester.Run("Upsample", [TwoByTwo], Attrs("nearest").Set("scales", new[] { 1f, 1, 2, 3 }), opset: 7)[0];
        Assert.Equal([1f, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4], y.Floats.ToArray());
    }

    [Fact]
    public void Infer_BadArguments_ThrowClearErrors()
    {
        var both = Assert.Throws<ModelException>(() => OpTester.Run("Resize", [TwoByTwo, null, Tensor.FromFloats([1, 1, 2, 2], 4), Tensor.Vector(1, 1, 4, 4)], null, opset: 13, constant: Constants));
        Assert.Contains("both scales and sizes", both.Message);
        var count = Assert.Throws<ModelException>(() => ResizeScales(TwoByTwo, [2, 2], Attrs("nearest")));
        Assert.Contains("scales has 2 values, expected 4", count.Message);
        var aa = Assert.Throws<ModelException>(() => ResizeScales(TwoByTwo, [1, 1, 0.5f, 0.5f], Attrs("linear").Set("antialias", 1), opset: 18));
        Assert.Contains("antialias", aa.Message);
    }

    [Theory]
    [InlineData("nearest", "half_pixel", "round_prefer_floor", 5, 9)]
    [InlineData("nearest", "asymmetric", "floor", 10, 3)]
    [InlineData("nearest", "tf_half_pixel_for_nn", "ceil", 7, 11)]
    [InlineData("linear", "half_pixel", null, 9, 4)]
    [InlineData("linear", "align_corners", null, 8, 11)]
    [InlineData("linear", "pytorch_half_pixel", null, 1, 6)]
    [InlineData("linear", "asymmetric", null, 11, 7)]
    [InlineData("linear", "half_pixel_symmetric", null, 4, 7)]
    [InlineData("cubic", "half_pixel", null, 9, 5)]
    [InlineData("cubic", "align_corners", null, 4, 8)]
    public void Backward_RandomSizes_MatchesFiniteDifferences(string mode, string coordinates, string? nearest, int outH, int outW)
    {
        var x = OpTester.RandomTensor(new Random(outH * 13 + outW), 2, 1, 5, 6);
        var op = OpTester.Create("Resize", 4, 1, Attrs(mode, coordinates, nearest), 19);
        OpTester.CheckGradient(op, [x, null, null, Tensor.Vector(2, 1, outH, outW)], [0], constant: Constants);
    }

    [Fact]
    public void Backward_CubicExcludeOutsideAndCropWithExtrapolation_MatchFiniteDifferences()
    {
        var rng = new Random(12);
        var cubic = OpTester.Create("Resize", 4, 1, Attrs("cubic").Set("exclude_outside", 1).Set("cubic_coeff_a", -0.5f), 13);
        OpTester.CheckGradient(cubic, [OpTester.RandomTensor(rng, 1, 2, 7, 5), null, Tensor.FromFloats([1, 1, 1.5f, 0.7f], 4), null], [0], constant: Constants);
        var crop = OpTester.Create("Resize", 4, 1, Attrs("linear", "tf_crop_and_resize").Set("extrapolation_value", 3f), 13);
        var roi = Tensor.FromFloats([0, 0, 0.1f, -0.2f, 1, 1, 1.1f, 0.9f], 8);
        OpTester.CheckGradient(crop, [OpTester.RandomTensor(rng, 1, 2, 5, 6), roi, null, Tensor.Vector(1, 2, 6, 4)], [0], constant: Constants);
    }

    [Fact]
    public void Upsample_Backward_MatchesFiniteDifferences()
    {
        var rng = new Random(21);
        var op = OpTester.Create("Upsample", 2, 1, Attrs("linear"), 9);
        OpTester.CheckGradient(op, [OpTester.RandomTensor(rng, 1, 2, 3, 5), Tensor.FromFloats([1, 1, 2.5f, 1.5f], 4)], [0], constant: [false, true]);
    }
}
