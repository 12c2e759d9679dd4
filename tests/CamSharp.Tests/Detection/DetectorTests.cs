using System.Text.Json;
using CamSharp.Detection;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Detection;

public sealed class DetectorTests
{
    public static TheoryData<string> Cases() => [.. RealCases.Ids()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_ReferenceInputTensor_EqualsReferenceDetections(string id)
    {
        var model = TestModels.Load(RealCases.Model(id));
        var input = Fixtures.Npy(RealCases.Case(id).GetProperty("input").GetProperty("file").GetString() is { } f ? "real/" + f : "");
        var head = DetectionHeads.Recognise(model, input.Shape[2], input.Shape[3]);
        var found = Detector.Detect(head, model.Run(input), RealCases.Geometry(id), new DetectionOptions(RealCases.ScoreThreshold(id)));
        AssertMatches(RealCases.Case(id), found, checkAnchors: true);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_ImageThroughOurPreprocessing_EqualsReferenceDetections(string id)
    {
        var model = TestModels.Load(RealCases.Model(id));
        var size = RealCases.Case(id).GetProperty("preprocessing").GetProperty("input_size");
        var prepared = Preprocessor.Prepare(ImageDecoder.Load(RealCases.Image(id)), size[0].GetInt32(), size[1].GetInt32(), RealCases.Options(id));
        var head = DetectionHeads.Recognise(model, size[0].GetInt32(), size[1].GetInt32());
        var found = Detector.Detect(head, model.Run(prepared.Tensor), prepared.Geometry, new DetectionOptions(RealCases.ScoreThreshold(id)));
        AssertMatches(RealCases.Case(id), found, checkAnchors: false);
    }

    [Fact]
    public void Detect_TinyYoloOnThreeDigitCanvas_FindsEachDigitWithItsLabel()
    {
        var prepared = TinyDetector.Prepare(ImageDecoder.Load(Fixtures.File("inputs/det96_a.png")));
        var (head, found) = TinyDetector.Detect(prepared, 0.5f);
        Assert.Equal(HeadKind.TinyYolo, head.Kind);

        var truth = JsonDocument.Parse(File.ReadAllText(Fixtures.File("inputs/index.json"))).RootElement
            .GetProperty("images").GetProperty("det96_a.png").GetProperty("objects").EnumerateArray().ToList();
        Assert.Equal(truth.Count, found.Count);
        foreach (var o in truth)
        {
            var b = o.GetProperty("box");
            var box = new DetectionBox(b[0].GetDouble(), b[1].GetDouble(), b[2].GetDouble(), b[3].GetDouble());
            Assert.Contains(found, d => d.Class == o.GetProperty("label").GetInt32() && DetectionBox.IoU(d.Box, box) > 0.5);
        }
    }

    [Fact]
    public void Detect_TopK_KeepsTheBestBoxes()
    {
        string id = RealCases.Ids().First(i => i.StartsWith("yolov8n", StringComparison.Ordinal) && i.Contains("bus", StringComparison.Ordinal));
        var model = TestModels.Load(RealCases.Model(id));
        var input = Fixtures.Npy("real/" + RealCases.Case(id).GetProperty("input").GetProperty("file").GetString());
        var head = DetectionHeads.Recognise(model, 640, 640);
        var outputs = model.Run(input);
        var all = Detector.Detect(head, outputs, null, new DetectionOptions());
        var two = Detector.Detect(head, outputs, null, new DetectionOptions(topK: 2));
        Assert.True(all.Count > 2);
        Assert.Equal(all.Take(2), two);
    }

    private static void AssertMatches(JsonElement c, IReadOnlyList<CamSharp.Detection.Detection> found, bool checkAnchors)
    {
        var expected = c.GetProperty("detections").EnumerateArray().ToList();
        string id = c.GetProperty("id").GetString()!;
        Assert.True(expected.Count == found.Count, $"{id}: {found.Count} boxes, expected {expected.Count}");
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var d = found[i];
            Assert.Equal(e.GetProperty("class").GetInt32(), d.Class);
            if (checkAnchors) Assert.Equal(e.GetProperty("anchor").GetInt32(), d.Anchor);
            Assert.True(Math.Abs(e.GetProperty("score").GetDouble() - d.Score) <= 0.01, $"{id} box {i}: score {d.Score} vs {e.GetProperty("score").GetDouble()}");
            // The references are not clipped; CamSharp clips kept boxes to the image as Ultralytics and MMYOLO do.
            var hw = c.GetProperty("image_size_hw");
            var limits = new[] { hw[1].GetDouble(), hw[0].GetDouble(), hw[1].GetDouble(), hw[0].GetDouble() };
            var box = e.GetProperty("box").EnumerateArray().Select((v, k) => Math.Clamp(v.GetDouble(), 0, limits[k])).ToArray();
            var ours = d.Box.ToArray();
            for (int k = 0; k < 4; k++)
                Assert.True(Math.Abs(box[k] - ours[k]) <= 1.0, $"{id} box {i} coord {k}: {ours[k]} vs {box[k]}");
        }
    }
}
