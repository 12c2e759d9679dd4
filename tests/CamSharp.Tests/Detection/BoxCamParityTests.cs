using System.Text.Json;
using CamSharp.Detection;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Tests.Cli;
using CamSharp.Tests.Explain;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Detection;

/// <summary>
/// The fixtures' tiny-detector cases (det96_a, targets o0/o1/o2 = objectness logit + class
/// logit at an object's cell) reproduced through the product path: the image decoded and
/// preprocessed, boxes found by the detector, each box's own raw-score target (BoxCam per box).
/// A fixture object is the detection whose anchor is its cell.
/// </summary>
[Collection("cli")]
public sealed class BoxCamParityTests
{
    private static IEnumerable<JsonElement> Cases() =>
        TestModels.OutputsIndex.GetProperty("cases").EnumerateArray()
            .Where(c => c.GetProperty("model").GetString() == "tinyyolo" && c.GetProperty("target").TryGetProperty("cell_ij", out _)
                        && CamParityTests.MethodNames.ContainsKey(c.GetProperty("method").GetString()!));

    public static TheoryData<string> CaseIds() => [.. Cases().Select(c => c.GetProperty("id").GetString()!)];

    [Fact]
    public void Fixtures_HaveTinyDetectorCasesForEveryObjectAndGradientFreeMethods()
    {
        var cases = Cases().ToList();
        Assert.Equal(3, cases.Select(c => c.GetProperty("target").GetProperty("object").GetInt32()).Distinct().Count());
        Assert.Contains(cases, c => c.GetProperty("method").GetString() == "AblationCAM");
        Assert.Contains(cases, c => c.GetProperty("method").GetString() == "ScoreCAM");
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void PerBox_FixtureCase_MatchesReference(string id)
    {
        var c = Cases().Single(x => x.GetProperty("id").GetString() == id);
        var prepared = TinyDetector.Prepare(ImageDecoder.Load(Fixtures.File("inputs/det96_a.png")));
        var (head, found) = TinyDetector.Detect(prepared);
        var box = BoxOf(c, found, head);
        string layer = c.GetProperty("target_layers")[0].GetProperty("onnx_output").GetString()!;
        var method = CamMethods.Create(CamParityTests.MethodNames[c.GetProperty("method").GetString()!]);

        var map = BoxCam.Run(TinyDetector.Model, prepared.Tensor, head, found, [layer], method, perBox: true)
            .Single(m => m.Boxes[0] == box).Map;
        Assert.True(Diff(c, map) <= 1e-3, $"{id}: max |diff| {Diff(c, map):G4}");
    }

    [Fact]
    public void BoxamCli_PerBoxSaveRaw_EachFixtureObjectsGradCamMatches()
    {
        string dir = CliRunner.TempDir(), raw = Path.Combine(dir, "maps.npy");
        var r = CliRunner.Run(["boxam", Fixtures.File("inputs/det96_a.png"), "--model", Fixtures.File("models/tinyyolo.onnx"), .. TinyDetector.CliOptions,
            "--per-box", "--method", "gradcam", "--target-layers", "backbone.block4", "--out-file", Path.Combine(dir, "b.png"), "--save-raw", raw]);
        Assert.True(r.ExitCode == 0, r.Err);
        var saved = CamSharp.Tensors.Npy.ReadTensor(raw);
        Assert.Equal([3, 96, 96], saved.Shape);
        var maps = Enumerable.Range(0, 3).Select(k => saved.Floats.Slice(k * 96 * 96, 96 * 96).ToArray()).ToList();
        var gradCamCases = Cases().Where(c => c.GetProperty("method").GetString() == "GradCAM"
            && c.GetProperty("id").GetString()!.Contains("backbone.block4", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, gradCamCases.Count);
        var matched = gradCamCases.Select(c => maps.FindIndex(m => Diff(c, m) <= 1e-3)).ToList();
        Assert.DoesNotContain(-1, matched);
        Assert.Equal(3, matched.Distinct().Count());
    }

    /// <summary>The detection at the case's cell, with the case's label.</summary>
    private static CamSharp.Detection.Detection BoxOf(JsonElement c, List<CamSharp.Detection.Detection> found, DetectionHead head)
    {
        var t = c.GetProperty("target");
        int i = t.GetProperty("cell_ij")[0].GetInt32(), j = t.GetProperty("cell_ij")[1].GetInt32();
        int gridWidth = 96 / 8;
        var box = found.SingleOrDefault(d => d.Anchor == i * gridWidth + j);
        Assert.True(box is not null, $"no detection at cell ({i}, {j}); anchors {string.Join(", ", found.Select(d => d.Anchor))} of {head.Anchors}");
        Assert.Equal(t.GetProperty("label").GetInt32(), box.Class);
        return box;
    }

    /// <summary>max |ours − reference|, or against the sign-flipped map for Eigen methods.</summary>
    private static double Diff(JsonElement c, float[] ours)
    {
        double diff = Assertions.MaxAbsDiff(ours, Fixtures.Npy(c.GetProperty("cam").GetString()!).Floats);
        if (c.TryGetProperty("signflip", out var flip))
            diff = Math.Min(diff, Assertions.MaxAbsDiff(ours, Fixtures.Npy(flip.GetString()!).Floats));
        return diff;
    }
}
