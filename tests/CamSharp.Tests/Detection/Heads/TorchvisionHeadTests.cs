using CamSharp.Application;
using CamSharp.Detection;
using CamSharp.Detection.Heads;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>torchvision's detectors as exported: outputs told apart by type, one unbatched image, NMS inside the graph.</summary>
public sealed class TorchvisionHeadTests
{
    [Theory]
    [InlineData(TorchvisionStandIns.Ssd, 1, 2)]        // SSD's result dict: boxes, scores, labels
    [InlineData(TorchvisionStandIns.FasterRcnn, 2, 1)] // Faster R-CNN's: boxes, labels, scores
    public void Recognise_StandIn_OutputsByTypeAndClassCountFromTheGraph(string stem, int scores, int labels)
    {
        var model = TorchvisionStandIns.Load(stem);
        var head = Assert.IsType<TorchvisionHead>(DetectionHeads.Recognise(model, TorchvisionStandIns.Size, TorchvisionStandIns.Size));
        Assert.Equal(0, head.OutputIndex);
        Assert.Equal(scores, head.ScoresIndex);
        Assert.Equal(labels, head.LabelsIndex);
        Assert.Equal(TorchvisionStandIns.Classes, head.Classes);
        Assert.True(head.NmsFree);
        Assert.Contains("NonMaxSuppression", head.BlackBoxReason);
    }

    [Theory]
    [InlineData(TorchvisionStandIns.MaskRcnn, 4)]     // boxes, labels, scores, masks
    [InlineData(TorchvisionStandIns.KeypointRcnn, 2)] // boxes, labels, scores, keypoints, keypoints_scores
    public void Recognise_TwoStageWithExtraOutputs_BoxesLabelsScoresAsFasterRcnn(string stem, int classes)
    {
        var model = TorchvisionStandIns.Load(stem);
        var head = Assert.IsType<TorchvisionHead>(DetectionHeads.Recognise(model, TorchvisionStandIns.Size, TorchvisionStandIns.Size));
        Assert.Equal((0, 2, 1), (head.OutputIndex, head.ScoresIndex, head.LabelsIndex));
        Assert.Equal(classes, head.Classes);
        Assert.Contains("RoiAlign", head.BlackBoxReason);
        Assert.Equal(ModelKind.Detector, model.Profile.Kind);
    }

    [Theory]
    [InlineData(TorchvisionStandIns.MaskRcnn, "masks")]
    [InlineData(TorchvisionStandIns.KeypointRcnn, "keypoints")]
    [InlineData(TorchvisionStandIns.KeypointRcnn, "keypoints_scores")]
    public void Run_TwoStageStandIn_LoopOutputsMatchTorch(string stem, string key)
    {
        // Mask pasting and keypoint decoding run in the export's Loop, after NMS.
        var model = TorchvisionStandIns.Load(stem);
        using var batch = TorchvisionStandIns.Batch();
        var outputs = model.Run(batch);
        int k = model.Onnx.Outputs.Select(o => o.Name).ToList().IndexOf(key);
        using var expected = TorchvisionStandIns.Torch(stem, key);
        Assert.Equal(expected.Shape, outputs[k].Shape);
        OpTester.AssertClose(outputs[k].Floats, expected.Floats, 1e-4);
    }

    [Fact]
    public void Detect_MaskRcnnStandIn_TheRowsTorchKeeps()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.MaskRcnn);
        var head = DetectionHeads.Recognise(model, 64, 64);
        using var batch = TorchvisionStandIns.Batch();
        var found = Detector.Detect(head, model.Run(batch), null, new DetectionOptions(scoreThreshold: 0, iouThreshold: 0.01f));
        using var scores = TorchvisionStandIns.Torch(TorchvisionStandIns.MaskRcnn, "scores");
        using var labels = TorchvisionStandIns.Torch(TorchvisionStandIns.MaskRcnn, "labels");
        Assert.Equal(scores.Floats.ToArray(), found.Select(d => d.Score).ToArray(), new FloatTolerance(1e-5f));
        Assert.Equal(labels.Longs.ToArray(), found.Select(d => (long)d.Class).ToArray());
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float a, float b) => Math.Abs(a - b) <= tolerance;

        public int GetHashCode(float value) => 0;
    }

    [Fact]
    public void Recognise_FasterRcnnStandIn_ReasonNamesRoiAlign()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.FasterRcnn);
        var head = DetectionHeads.Recognise(model, TorchvisionStandIns.Size, TorchvisionStandIns.Size);
        Assert.Contains("RoiAlign", head.BlackBoxReason);
        Assert.DoesNotContain("RoiAlign", DetectionHeads.Recognise(TorchvisionStandIns.Load(TorchvisionStandIns.Ssd), 64, 64).BlackBoxReason);
    }

    [Fact]
    public void Recognise_YoloLayoutAskedForOnTorchvisionExport_HeadLayoutError()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.Ssd);
        Assert.Throws<HeadLayoutException>(() => DetectionHeads.Recognise(model, 64, 64, HeadKind.YoloV8));
    }

    [Theory]
    [InlineData(TorchvisionStandIns.Ssd)]
    [InlineData(TorchvisionStandIns.FasterRcnn)]
    public void Run_BatchOfOneOnUnbatchedExport_MatchesTorchInOrder(string stem)
    {
        var model = TorchvisionStandIns.Load(stem);
        Assert.True(model.TakesOneImage);
        using var batch = TorchvisionStandIns.Batch();
        var outputs = model.Run(batch);
        var head = (TorchvisionHead)DetectionHeads.Recognise(model, 64, 64);
        using var boxes = TorchvisionStandIns.Torch(stem, "boxes");
        using var scores = TorchvisionStandIns.Torch(stem, "scores");
        using var labels = TorchvisionStandIns.Torch(stem, "labels");
        Assert.Equal(boxes.Shape, outputs[0].Shape);
        OpTester.AssertClose(outputs[0].Floats, boxes.Floats, 1e-4);
        OpTester.AssertClose(outputs[head.ScoresIndex].Floats, scores.Floats, 1e-4);
        Assert.Equal(labels.ToLongArray(), outputs[head.LabelsIndex].ToLongArray());
    }

    [Fact]
    public void Detect_SsdStandIn_EveryRowInTheGraphsOrderWithItsLabel()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.Ssd);
        var head = DetectionHeads.Recognise(model, 64, 64);
        using var batch = TorchvisionStandIns.Batch();
        var found = Detector.Detect(head, model.Run(batch), null, new DetectionOptions(scoreThreshold: 0, iouThreshold: 0.01f));
        using var scores = TorchvisionStandIns.Torch(TorchvisionStandIns.Ssd, "scores");
        using var labels = TorchvisionStandIns.Torch(TorchvisionStandIns.Ssd, "labels");
        using var boxes = TorchvisionStandIns.Torch(TorchvisionStandIns.Ssd, "boxes");
        // A low IoU threshold would suppress overlapping rows if NMS ran again: the graph's own NMS stands.
        Assert.Equal(scores.Length, found.Count);
        for (int i = 0; i < found.Count; i++)
        {
            Assert.Equal(labels.Longs[i], found[i].Class);
            Assert.Equal(scores.Floats[i], found[i].Score, 1e-5f);
            Assert.Equal(boxes.Floats[i * 4 + 2], found[i].InputBox.X1, 1e-3);
        }
    }

    [Fact]
    public void OutputOf_MismatchedCounts_InputExceptionNamingTheOutputs()
    {
        var head = new TorchvisionHead(0, 1, 2, 4, 64, 64);
        var outputs = new[] { Tensor.Zeros(3, 4), Tensor.Zeros(2), Tensor.FromLongs([1, 1, 1], 3) };
        var e = Assert.Throws<InputException>(() => head.OutputOf(outputs));
        Assert.Contains("[3, 4], [2], [3]", e.Message);
    }

    [Fact]
    public void Profile_SsdStandIn_RawPreprocessBecauseTheGraphNormalises()
    {
        var profile = TorchvisionStandIns.Load(TorchvisionStandIns.Ssd).Profile;
        Assert.Equal(ModelKind.Detector, profile.Kind);
        Assert.Equal(HeadKind.Torchvision, profile.Head);
        Assert.Equal((64, 64), profile.InputSize);
        Assert.Same(PreprocessOptions.Raw, profile.Preprocess);
        Assert.Contains("mean [0.485, 0.456, 0.406]", profile.PreprocessReason);
        Assert.Contains("not normalised again", profile.PreprocessReason);
    }

    [Fact]
    public void BundledNames_TorchvisionCoco_BackgroundFirstAndGapsKept()
    {
        var names = BundledClassNames.For(ModelKind.Detector, TorchvisionHead.CocoClasses)!.Value.Names;
        Assert.Equal(91, names.Count);
        Assert.Equal("__background__", names[0]);
        Assert.Equal("person", names[1]);
        Assert.Equal("bus", names[6]);
        Assert.Equal("N/A", names[12]);
    }

    [Theory]
    [InlineData("gradcam")]
    [InlineData("hirescam")]
    [InlineData("ablationcam")]
    public void CheckMethod_AnythingButDriseOnTorchvisionHead_RefusedWithTheReason(string method)
    {
        var head = DetectionHeads.Recognise(TorchvisionStandIns.Load(TorchvisionStandIns.FasterRcnn), 64, 64);
        var e = Assert.Throws<InputException>(() => BoxCam.CheckMethod(head, CamMethods.Create(method)));
        Assert.Contains(method, e.Message);
        Assert.Contains("NonMaxSuppression", e.Message);
        Assert.Contains("drise", e.Message);
        BoxCam.CheckMethod(head, CamMethods.Create("drise"));
    }

    [Fact]
    public void DefaultBoxMethod_TorchvisionHead_DriseWithTheHeadsReason()
    {
        var model = TorchvisionStandIns.Load(TorchvisionStandIns.FasterRcnn);
        var (method, reason) = DefaultBoxMethod.For(model, DetectionHeads.Recognise(model, 64, 64));
        Assert.Equal("drise", method);
        Assert.Contains("RoiAlign", reason);
    }
}
