using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain;
using CamSharp.Tests.Ops;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Application;

public class VideoExplanationTests
{
    [Fact]
    public void Profile_VideoClassifier_ChoosesVolumeBeforePooling()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 1);
        Assert.Equal(ModelKind.Classifier, model.Profile.Kind);
        var layer = Assert.IsType<LayerChoice>(model.Profile.CamLayer);
        Assert.Equal(FeatureLayout.Volume, layer.Layout);
        Assert.Equal(["act"], layer.Values);
    }

    [Fact]
    public void Profile_ZeroPadBeforeThePool_ChoosesTheMapThePadCopies()
    {
        // torch exports S3D's AvgPool3d as a Pad of zeros and an AveragePool: the layer is the block's output, not the copy.
        var b = new ModelBuilder(opset: 13).Input("video", 1, 1, 2, 4, 6, 6).Output("logits", 1, 1, 2);
        b.Initializer(ModelBuilder.Floats("w", Enumerable.Range(0, 3 * 2 * 27).Select(i => (i % 7 - 3) / 10f).ToArray(), 3, 2, 3, 3, 3));
        b.Initializer(ModelBuilder.Floats("head", [0.5f, -1f, 2f, 1.5f, 0.25f, -0.75f], 2, 3));
        b.Initializer(ModelBuilder.Raw("pads", 7, new byte[10 * sizeof(long)], 10));
        var conv = b.Node("Conv", "/features/Conv", ["video", "w"], ["act0"]);
        conv.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "pads", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1, 1, 1 } });
        b.Node("Relu", "/features/Relu", ["act0"], ["act"]);
        b.Node("Pad", "/avgpool/Pad", ["act", "pads"], ["padded"]);
        var pool = b.Node("AveragePool", "/avgpool/AveragePool", ["padded"], ["pooled"]);
        pool.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "kernel_shape", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Ints, Ints = { 4, 6, 6 } });
        b.Node("Flatten", "/Flatten", ["pooled"], ["flat"]);
        var gemm = b.Node("Gemm", "/fc/Gemm", ["flat", "head"], ["logits"]);
        gemm.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "transB", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Int, I = 1 });
        var model = Model.Load(b.Bytes(), "s3d-tail.onnx", TestModels.AcceptAll);

        var layer = Assert.IsType<LayerChoice>(model.Profile.CamLayer);
        Assert.Equal(["act"], layer.Values);
    }

    [Fact]
    public void Explain_ClipWithDefaults_IsVideoCamOfTopClassAsFilmStrip()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 2);
        using var clip = VideoCamTests.Clip();
        var explanation = new Explainer(model).Explain(clip);

        using var pass = model.Session.Run(clip);
        int top = pass.Outputs[0].Floats[1] > pass.Outputs[0].Floats[0] ? 1 : 0;
        var expected = VideoCam.Run(model, clip, ["act"], new GradCam(), [new ClassTarget(top)]);
        var map = Assert.Single(explanation.Maps);
        Assert.Equal(top, map.Class);
        Assert.Equal((expected.Width, expected.Frames * expected.Height), (map.AtInput!.Width, map.AtInput.Height));
        OpTester.AssertClose(map.AtInput.Data, expected.Maps[0], 1e-6);
        Assert.Equal(expected.Frame(0, 1), map.AtInput.Data.AsSpan(expected.Width * expected.Height, expected.Width * expected.Height).ToArray());
    }

    [Fact]
    public void Profile_VideoTransformer_ReadsLastNormTokensAsFramesByGrid()
    {
        var layer = Assert.IsType<LayerChoice>(TinyVideoTransformer.Load().Profile.CamLayer);
        Assert.Equal(["norm"], layer.Values);
        Assert.Equal(FeatureLayout.Tokens, layer.Layout);
        Assert.Equal(1, layer.ExtraTokens);
        Assert.Equal(TinyVideoTransformer.Frames, layer.TokenFrames);
        Assert.Equal((TinyVideoTransformer.Grid, TinyVideoTransformer.Grid), layer.TokenGrid);
    }

    [Fact]
    public void Explain_VideoTransformerTokens_IsGradCamOfTheTokenVolume()
    {
        // pytorch-grad-cam with reshape_transform = tokens[:, 1:].reshape(N, T, H, W, C).permute(0, 4, 1, 2, 3): its 3-D branch.
        var model = TinyVideoTransformer.Load();
        using var clip = VideoCamTests.Clip();
        var explanation = new Explainer(model).Explain(clip);

        using var pass = model.Session.Run(clip, new RunOptions { Taps = ["norm"], GradientsFor = ["norm"] });
        int top = pass.Outputs[0].Floats[1] > pass.Outputs[0].Floats[0] ? 1 : 0;
        using var grads = pass.Backward([new ClassTarget(top)]);
        var a = pass.Value("norm").Floats;
        var g = grads["norm"].Floats;
        const int C = TinyVideoTransformer.Channels, F = TinyVideoTransformer.Frames, S = TinyVideoTransformer.Grid, Voxels = F * S * S;
        var raw = new float[Voxels];
        for (int c = 0; c < C; c++)
        {
            double weight = 0;
            for (int k = 0; k < Voxels; k++) weight += g[(1 + k) * C + c];
            for (int k = 0; k < Voxels; k++) raw[k] += (float)(weight / Voxels) * a[(1 + k) * C + c];
        }
        MapMath.Relu(raw);
        MapMath.MinMax(raw);
        var expected = VolumeResize.Spline(raw, F, S, S, VideoCamTests.Frames, VideoCamTests.Size, VideoCamTests.Size);
        for (int i = 0; i < expected.Length; i++) expected[i] = Math.Max(expected[i], 0);
        MapMath.MinMax(expected);

        var map = Assert.Single(explanation.Maps);
        Assert.Equal(top, map.Class);
        Assert.Equal((VideoCamTests.Size, VideoCamTests.Frames * VideoCamTests.Size), (map.AtInput!.Width, map.AtInput.Height));
        OpTester.AssertClose(map.AtInput.Data, expected, 1e-5);
    }

    [Fact]
    public void Explain_ClipWithInputAttributionMethod_IsRefused()
    {
        var model = VideoCamTests.TinyVideoModel(stride: 1);
        using var clip = VideoCamTests.Clip();
        var e = Assert.Throws<InputException>(() => new Explainer(model, new ExplainerOptions { Method = "saliency" }).Explain(clip));
        Assert.Contains("saliency", e.Message);
    }

    [Fact]
    public void Explain_Frames_IsTheClipOfThoseFramesWithTheFramesKept()
    {
        var model = TinyClipModel.Load();
        var frames = Enumerable.Range(0, TinyClipModel.Frames).Select(i => TinyClipModel.Frame(i)).ToArray();
        var explainer = new Explainer(model);
        var fromFrames = explainer.Explain(frames);
        var clip = explainer.PrepareClip(frames);
        Assert.Equal(CamSharp.Imaging.Preprocessing.PreprocessOptions.Kinetics, explainer.Preprocess);
        var fromTensor = explainer.Explain(clip.Tensor);
        Assert.Equal(fromTensor.Maps[0].AtInput!.Data, fromFrames.Maps[0].AtInput!.Data);
        Assert.Equal(TinyClipModel.Frames, fromFrames.Frames!.Count);
        var picture = ExplanationPicture.Draw(fromFrames, fromFrames.Maps[0]);
        Assert.Equal((TinyClipModel.Size, TinyClipModel.Frames * TinyClipModel.Size), (picture.Width, picture.Height));
    }

    [Fact]
    public void Explain_OneImageForVideoModel_SaysItIsAVideoModel()
    {
        var e = Assert.Throws<InputException>(() => new Explainer(TinyClipModel.Load()).Explain(TinyClipModel.Frame(0)));
        Assert.Contains("video model", e.Message);
        Assert.Contains("4×8×8", e.Message);
    }

    [Fact]
    public void PrepareClip_TooFewFrames_RefusedWithBothNumbers()
    {
        var e = Assert.Throws<InputException>(() => new Explainer(TinyClipModel.Load()).PrepareClip([TinyClipModel.Frame(0), TinyClipModel.Frame(1)]));
        Assert.Contains("clips of 4 frames; 2 frames were given", e.Message);
    }

    [Fact]
    public void PrepareClip_DynamicFramesGiven_TakesThatMany()
    {
        var explainer = new Explainer(TinyClipModel.Load(frames: null), new ExplainerOptions { Frames = 3 });
        var clip = explainer.PrepareClip([TinyClipModel.Frame(0), TinyClipModel.Frame(1), TinyClipModel.Frame(2)]);
        Assert.Equal([1, 3, 3, 8, 8], clip.Tensor.Shape);
    }
}
