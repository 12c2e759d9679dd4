using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// The operators of video models on 5-D (N, C, D, H, W) inputs besides Conv (Conv3DTests):
/// MaxPool, AveragePool, BatchNormalization, GlobalAveragePool and Resize, each against a
/// direct reference and, where differentiable, finite differences.
/// </summary>
public class VideoOpsTests
{
    private static readonly Tensor X = OpTester.RandomTensor(new Random(5), 2, 3, 4, 6, 5);

    [Fact]
    public void MaxPool_3D_MatchesWindowMaximumAndGradient()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 2, 3, 2 }).Set("strides", new[] { 2, 2, 1 }).Set("pads", new[] { 0, 1, 0, 0, 1, 0 });
        var y = OpTester.Run("MaxPool", [X], attrs)[0];
        Assert.Equal(new[] { 2, 3, 2, 3, 4 }, y.Shape);
        var expected = Pool(X, [2, 3, 2], [2, 2, 1], [0, 1, 0], y.Shape, window => window.Max());
        OpTester.AssertClose(y.Floats, expected);
        // Distinct values 0.05 apart, so no finite-difference step changes which element is the maximum.
        var order = Enumerable.Range(0, X.Length).OrderBy(k => (k * 7919) % 719).ToArray();
        var distinct = Tensor.FromFloats(order.Select(k => k * 0.05f).ToArray(), X.Shape);
        OpTester.CheckGradient(OpTester.Create("MaxPool", 1, attrs: attrs), [distinct], wrt: [0]);
    }

    [Fact]
    public void AveragePool_3DExcludingPads_MatchesWindowMeanAndGradient()
    {
        var attrs = new Attributes().Set("kernel_shape", new[] { 1, 3, 3 }).Set("pads", new[] { 0, 1, 1, 0, 1, 1 });
        var y = OpTester.Run("AveragePool", [X], attrs)[0];
        Assert.Equal(X.Shape, y.Shape);
        var expected = Pool(X, [1, 3, 3], [1, 1, 1], [0, 1, 1], y.Shape, window => window.Average());
        OpTester.AssertClose(y.Floats, expected);
        OpTester.CheckGradient(OpTester.Create("AveragePool", 1, attrs: attrs), [X], wrt: [0]);
    }

    [Fact]
    public void BatchNormalization_5D_NormalisesEachChannel()
    {
        float[] scale = [1.5f, -0.5f, 2f], bias = [0.1f, 0.2f, -0.3f], mean = [0.05f, -0.1f, 0.2f], variance = [0.5f, 1.2f, 0.8f];
        Tensor?[] inputs = [X, Tensor.FromFloats(scale, 3), Tensor.FromFloats(bias, 3), Tensor.FromFloats(mean, 3), Tensor.FromFloats(variance, 3)];
        bool[] constant = [false, true, true, true, true];
        var y = OpTester.Run("BatchNormalization", inputs, constant: constant)[0];
        int plane = 4 * 6 * 5;
        var expected = X.Floats.ToArray().Select((v, i) =>
        {
            int c = i / plane % 3;
            return (float)((v - mean[c]) / Math.Sqrt(variance[c] + 1e-5) * scale[c] + bias[c]);
        }).ToArray();
        OpTester.AssertClose(y.Floats, expected);
        OpTester.CheckGradient(OpTester.Create("BatchNormalization", 5), inputs, wrt: [0], constant: constant);
    }

    [Fact]
    public void GlobalAveragePool_5D_AveragesOverFramesAndPixels()
    {
        var y = OpTester.Run("GlobalAveragePool", [X])[0];
        Assert.Equal(new[] { 2, 3, 1, 1, 1 }, y.Shape);
        int plane = 4 * 6 * 5;
        var expected = Enumerable.Range(0, 6).Select(k => X.Floats.Slice(k * plane, plane).ToArray().Average()).ToArray();
        OpTester.AssertClose(y.Floats, expected);
        OpTester.CheckGradient(OpTester.Create("GlobalAveragePool", 1), [X], wrt: [0]);
    }

    [Fact]
    public void Resize_5DNearestTimes2_RepeatsEachVoxel()
    {
        var x = OpTester.RandomTensor(new Random(2), 1, 2, 2, 3, 2);
        var y = OpTester.Run("Resize", [x, null, Tensor.FromFloats([1, 1, 2, 2, 2], 5)], new Attributes().Set("mode", "nearest"),
            opset: 13, constant: [false, true, true])[0];
        Assert.Equal(new[] { 1, 2, 4, 6, 4 }, y.Shape);
        for (int c = 0; c < 2; c++)
            for (int d = 0; d < 4; d++)
                for (int h = 0; h < 6; h++)
                    for (int w = 0; w < 4; w++)
                        Assert.Equal(x.Floats[(((c * 2) + d / 2) * 3 + h / 2) * 2 + w / 2], y.Floats[(((c * 4) + d) * 6 + h) * 4 + w]);
    }

    [Fact]
    public void Resize_5DTrilinearAlignCorners_EqualsVolumeResize()
    {
        var x = OpTester.RandomTensor(new Random(3), 1, 1, 3, 4, 5);
        var attrs = new Attributes().Set("mode", "linear").Set("coordinate_transformation_mode", "align_corners");
        var y = OpTester.Run("Resize", [x, null, null, Tensor.Vector(1, 1, 5, 7, 9)], attrs, opset: 13, constant: [false, true, true, true])[0];
        var expected = VolumeResize.Linear(x.Floats.ToArray(), 3, 4, 5, 5, 7, 9);
        OpTester.AssertClose(y.Floats, expected);
        OpTester.CheckGradient(OpTester.Create("Resize", 4, attrs: attrs, opset: 13), [x, null, null, Tensor.Vector(1, 1, 5, 7, 9)], wrt: [0],
            constant: [false, true, true, true]);
    }

    /// <summary>A reference pool over windows clipped to the input (pads excluded from the window).</summary>
    private static float[] Pool(Tensor x, int[] k, int[] s, int[] pad, int[] outShape, Func<IEnumerable<float>, float> reduce)
    {
        int[] size = x.Shape[2..];
        var y = new float[ShapeUtil.Size(outShape)];
        int i = 0;
        for (int nc = 0; nc < outShape[0] * outShape[1]; nc++)
            for (int od = 0; od < outShape[2]; od++)
                for (int oh = 0; oh < outShape[3]; oh++)
                    for (int ow = 0; ow < outShape[4]; ow++, i++)
                    {
                        var window = new List<float>();
                        for (int kd = 0; kd < k[0]; kd++)
                            for (int kh = 0; kh < k[1]; kh++)
                                for (int kw = 0; kw < k[2]; kw++)
                                {
                                    int d = od * s[0] - pad[0] + kd, h = oh * s[1] - pad[1] + kh, w = ow * s[2] - pad[2] + kw;
                                    if (d < 0 || d >= size[0] || h < 0 || h >= size[1] || w < 0 || w >= size[2]) continue;
                                    window.Add(x.Floats[((nc * size[0] + d) * size[1] + h) * size[2] + w]);
                                }
                        y[i] = reduce(window);
                    }
        return y;
    }
}
