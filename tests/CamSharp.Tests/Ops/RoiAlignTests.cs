using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

public class RoiAlignTests
{
    private static readonly float[] Boxes = [0.5f, 1.2f, 4.3f, 3.7f, 1.0f, 0.0f, 5.0f, 4.9f];

    // X = Sine([1, 2, 5, 6]); expectations from torchvision.ops.roi_align with output 2×3
    // (aligned = half_pixel) (tools/reference_data/geometry_ops_reference.py).
    public static TheoryData<string, int, float[]> TorchResults => new()
    {
        { "output_half_pixel", 0, new float[]
        {
            -0.02366631f, -0.4196518f, -0.5089856f, 0.3240168f, 0.5069047f, 0.3117501f, -0.4186922f,
            -0.03176158f, 0.389149f, 0.1414973f, -0.2853731f, -0.5077847f, -0.1653971f, -0.1459545f,
            -0.01405028f, -0.06469253f, 0.2951115f, 0.4275246f, 0.03748705f, 0.156926f, 0.1554495f, 0.3924064f,
            0.08872473f, -0.2833216f,
        } },
        { "output_half_pixel", 2, new float[]
        {
            -0.02366631f, -0.4196518f, -0.5089856f, 0.3240168f, 0.5069047f, 0.3117501f, -0.4186922f,
            -0.03176158f, 0.389149f, 0.1414973f, -0.2853731f, -0.5077847f, -0.1788523f, -0.1793557f,
            -0.04166097f, 0.02720638f, 0.3900555f, 0.4523569f, 0.01744759f, 0.1680206f, 0.1891295f, 0.38643f,
            0.002607763f, -0.3832237f,
        } },
        { "half_pixel", 0, new float[]
        {
            -0.4681927f, -0.5188555f, -0.1982365f, 0.4699895f, 0.4034373f, 0.04941927f, 0.006650805f,
            0.4260297f, 0.5361816f, -0.1359604f, -0.4439891f, -0.4312476f, -0.02728913f, 0.1591544f,
            0.2142351f, -0.02257232f, 0.1236468f, 0.1678104f, 0.1954151f, 0.04005175f, -0.1483695f, 0.1534175f,
            0.03256102f, -0.1151706f,
        } },
        { "half_pixel", 2, new float[]
        {
            -0.4681927f, -0.5188555f, -0.1982365f, 0.4699895f, 0.4034373f, 0.04941927f, 0.006650805f,
            0.4260297f, 0.5361816f, -0.1359604f, -0.4439891f, -0.4312476f, -0.01073891f, 0.185975f, 0.229189f,
            -0.03266846f, 0.1103437f, 0.1622804f, 0.2036767f, 0.02452042f, -0.1748744f, 0.1515211f,
            0.04225279f, -0.10189f,
        } },
    };

    private static Attributes Attributes(string transform, int ratio, string mode = "avg") =>
        Attrs(("output_height", 2), ("output_width", 3), ("sampling_ratio", ratio), ("coordinate_transformation_mode", transform), ("mode", mode));

    [Theory]
    [MemberData(nameof(TorchResults))]
    public void RoiAlign_Average_MatchesTorchvision(string transform, int ratio, float[] expected)
    {
        var y = Run("RoiAlign", [Sine([1, 2, 5, 6]), Floats(Boxes, 2, 4), Tensor.FromLongs([0, 0], 2)], Attributes(transform, ratio), opset: 16);
        Assert.Equal([2, 2, 2, 3], y.Shape);
        OpTester.AssertClose(y.Floats, expected, 1e-5);
    }

    [Fact]
    public void RoiAlign_Opset10_DefaultsToOutputHalfPixel()
    {
        var attrs = Attrs(("output_height", 2), ("output_width", 3), ("sampling_ratio", 2));
        var old = Run("RoiAlign", [Sine([1, 2, 5, 6]), Floats(Boxes, 2, 4), Tensor.FromLongs([0, 0], 2)], attrs, opset: 10);
        var explicitMode = Run("RoiAlign", [Sine([1, 2, 5, 6]), Floats(Boxes, 2, 4), Tensor.FromLongs([0, 0], 2)], Attributes("output_half_pixel", 2), opset: 16);
        Assert.Equal(explicitMode.Floats.ToArray(), old.Floats.ToArray());
    }

    [Fact]
    public void RoiAlign_Max_TakesLargestWeightedCorner()
    {
        // One sample at the centre of a 2×2 image: weights 1/4 each, the largest weighted term wins.
        var x = Floats([1, 2, 3, 8], 1, 1, 2, 2);
        var y = Run("RoiAlign", [x, Floats([0, 0, 1, 1], 1, 4), Tensor.FromLongs([0], 1)],
            Attrs(("sampling_ratio", 1), ("mode", "max"), ("coordinate_transformation_mode", "output_half_pixel")), opset: 16);
        Assert.Equal(2f, y.Floats[0]);
    }

    [Fact]
    public void RoiAlign_BatchIndexOutOfRange_Throws() =>
        Fails("RoiAlign", () => Run("RoiAlign", [Seq(1, 1, 2, 2), Floats([0, 0, 1, 1], 1, 4), Tensor.FromLongs([1], 1)]), "batch index 1");

    [Fact]
    public void RoiAlign_HugeRegion_IsRefusedNotSampledForever() =>
        Fails("RoiAlign", () => Run("RoiAlign", [Seq(1, 1, 4, 4), Floats([0, 0, 1e9f, 1e9f], 1, 4), Tensor.FromLongs([0], 1)]), "samples per bin");

    [Fact]
    public void RoiAlign_InvertedRegion_GivesZeros()
    {
        var y = Run("RoiAlign", [Seq(1, 1, 4, 4), Floats([3, 3, 1, 1], 1, 4), Tensor.FromLongs([0], 1)], Attrs(("coordinate_transformation_mode", "half_pixel")), opset: 16);
        Assert.Equal([0f], y.Floats.ToArray());
    }

    [Theory]
    [InlineData("avg")]
    [InlineData("max")]
    public void RoiAlign_Gradient_MatchesFiniteDifferences(string mode) =>
        Gradient("RoiAlign", [Sine([2, 2, 5, 6], 0.1), Floats(Boxes, 2, 4), Tensor.FromLongs([1, 0], 2)], Attributes("half_pixel", 2, mode), opset: 16,
            wrt: [0]);
}
