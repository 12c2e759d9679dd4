using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Explain;

public class VideoCamTests
{
    internal const int Frames = 4, Size = 6;
    private static readonly float[] Head = [0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f]; // Gemm B, 2 classes × 3 channels

    /// <summary>video [1,2,4,6,6] → Conv 3-D (3 channels, 3×3×3, stride <paramref name="stride"/>) → Relu 'act' → GlobalAveragePool → Flatten → Gemm → logits [1,2].</summary>
    internal static Model TinyVideoModel(int stride) => Model.Load(TinyVideoModelBytes(stride), "video.onnx", TestModels.AcceptAll);

    internal static byte[] TinyVideoModelBytes(int stride)
    {
        var rng = new Random(4);
        var b = new ModelBuilder(opset: 13).Input("video", 1, 1, 2, Frames, Size, Size).Output("logits", 1, 1, 2);
        b.Initializer(ModelBuilder.Floats("w", Enumerable.Range(0, 3 * 2 * 27).Select(_ => (float)(rng.NextDouble() - 0.4)).ToArray(), 3, 2, 3, 3, 3));
        b.Initializer(ModelBuilder.Floats("head", Head, 2, 3));
        var conv = b.Node("Conv", "/conv/Conv", ["video", "w"], ["conv"]);
        conv.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "pads", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1, 1, 1 } });
        conv.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "strides", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Ints, Ints = { stride, stride, stride } });
        b.Node("Relu", "/act/Relu", ["conv"], ["act"]);
        b.Node("GlobalAveragePool", "/pool/GlobalAveragePool", ["act"], ["pooled"]);
        b.Node("Flatten", "/Flatten", ["pooled"], ["flat"]);
        var gemm = b.Node("Gemm", "/fc/Gemm", ["flat", "head"], ["logits"]);
        gemm.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "transB", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Int, I = 1 });
        return b.Bytes();
    }

    internal static Tensor Clip() => OpTester.RandomTensor(new Random(9), 1, 2, Frames, Size, Size);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void GradCam_GlobalPoolHead_WeightsAreHeadRowOverVoxelCount(int cls)
    {
        var model = TinyVideoModel(stride: 1);
        var x = Clip();
        var result = VideoCam.Run(model, x, ["act"], new GradCam(), [new ClassTarget(cls)]);
        using var pass = model.Session.Run(x, new RunOptions { Taps = ["act"] });
        var act = pass.Value("act");
        int voxels = Frames * Size * Size;
        // d logit / d act[c, v] = head[cls, c] / voxels at every voxel, so Grad-CAM's weights are exactly that.
        var weights = Enumerable.Range(0, 3).Select(c => Head[cls * 3 + c] / voxels).ToArray();
        OpTester.AssertClose(result.Layers[0].Weights[0]!, weights, 1e-5);
        var raw = new float[voxels];
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < voxels; v++) raw[v] += weights[c] * act.Floats[c * voxels + v];
        OpTester.AssertClose(result.Layers[0].RawMaps[0], raw, 1e-5);
        // Same size as the clip: the map is ReLU then min–max of the raw map.
        MapMath.Relu(raw);
        MapMath.MinMax(raw);
        OpTester.AssertClose(result.Maps[0], raw, 1e-5);
        Assert.Equal(act.Floats.ToArray().Length / 3, result.Maps[0].Length);
    }

    [Fact]
    public void Run_StridedLayer_ResizesToEveryFrameOfTheClip()
    {
        var result = VideoCam.Run(TinyVideoModel(stride: 2), Clip(), ["act"], new LayerCam());
        Assert.Equal((Frames, Size, Size), (result.Frames, result.Height, result.Width));
        Assert.Equal((2, 3, 3), (result.Layers[0].Depth, result.Layers[0].Height, result.Layers[0].Width));
        Assert.Equal(Frames * Size * Size, result.Maps[0].Length);
        Assert.All(result.Maps[0], v => Assert.InRange(v, 0f, 1f));
        Assert.Equal(1f, result.Maps[0].Max(), 3);
        Assert.Equal(result.Maps[0].AsSpan(Size * Size, Size * Size).ToArray(), result.Frame(0, 1));
    }

    [Fact]
    public void Run_ScoreCam_IsRefused()
    {
        var e = Assert.Throws<InputException>(() => VideoCam.Run(TinyVideoModel(1), Clip(), ["act"], new ScoreCam()));
        Assert.Contains("scorecam", e.Message);
    }

    [Fact]
    public void Run_ImageInput_IsRefused()
    {
        var e = Assert.Throws<InputException>(() => VideoCam.Run(TinyVideoModel(1), Tensor.Zeros(1, 2, 6, 6), ["act"], new GradCam()));
        Assert.Contains("N×C×D×H×W", e.Message);
    }
}
