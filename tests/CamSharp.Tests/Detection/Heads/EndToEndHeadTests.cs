using CamSharp.Application;
using CamSharp.Detection;
using CamSharp.Detection.Heads;
using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Tests.Ops;
using Xunit;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>
/// The YOLOv10/YOLO26 end-to-end head on a stand-in exported by torch with Ultralytics'
/// postprocess (TopK, GatherElements, integer Div and Mod, [1, 300, 6]).
/// </summary>
public sealed class EndToEndHeadTests
{
    private const string Stem = "yolo26_e2e_standin";

    [Fact]
    public void Forward_StandIn_MatchesTorch()
    {
        var model = StandInModels.Load(Stem);
        var output = model.Run(StandInModels.Input())[0];
        var torch = StandInModels.TorchOutput(Stem);
        Assert.Equal(torch.Shape, output.Shape);
        AssertSameRows(output.Floats.ToArray(), torch.Floats.ToArray());
    }

    /// <summary>
    /// Row by row, except that rows whose scores tie exactly may come in either order (ONNX's
    /// TopK puts the lower index first, torch's leaves it open): each row must match a torch
    /// row a few places away with the same score and class, and boxes within 1e-3 pixels.
    /// </summary>
    private static void AssertSameRows(float[] actual, float[] expected)
    {
        int rows = actual.Length / 6;
        var used = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            int match = -1;
            for (int t = Math.Max(0, r - 3); t < Math.Min(rows, r + 4) && match < 0; t++)
                if (!used[t] && Enumerable.Range(0, 6).All(c => Math.Abs(actual[r * 6 + c] - expected[t * 6 + c]) <= (c < 4 ? 1e-3 : 1e-5)))
                    match = t;
            Assert.True(match >= 0, $"row {r} [{string.Join(", ", actual.AsSpan(r * 6, 6).ToArray())}] is not among torch's rows near it");
            used[match] = true;
        }
    }

    [Fact]
    public void Recognise_StandIn_EndToEndWithTheScoresClassCount()
    {
        var model = StandInModels.Load(Stem);
        var head = DetectionHeads.Recognise(model, StandInModels.Size, StandInModels.Size);
        Assert.IsType<EndToEndHead>(head);
        Assert.Equal(80, head.Classes);
        Assert.Equal(300, head.Anchors);
        Assert.True(head.NmsFree);
        Assert.Equal(ModelKind.Detector, model.Profile.Kind);
        Assert.Equal(HeadKind.EndToEnd, model.Profile.Head);
    }

    [Fact]
    public void Detect_StandIn_KeepsEveryRowAboveTheThresholdWithoutNms()
    {
        var model = StandInModels.Load(Stem);
        var outputs = model.Run(StandInModels.Input());
        var head = DetectionHeads.Recognise(model, StandInModels.Size, StandInModels.Size);
        var rows = outputs[0].Floats.ToArray();
        var detections = Detector.Detect(head, outputs, null, new DetectionOptions(0.7f));
        int expected = Enumerable.Range(0, 300).Count(r => rows[r * 6 + 4] > 0.7f);
        Assert.InRange(expected, 2, 299);
        Assert.Equal(expected, detections.Count);
        var first = detections[0];
        Assert.Equal((double)rows[first.Anchor * 6], first.Box.X0, 4);
        Assert.Equal((int)rows[first.Anchor * 6 + 5], first.Class);
    }

    [Fact]
    public void Backward_RowScore_IsTheGradientOfOneScoreBeforeTopK()
    {
        var model = StandInModels.Load(Stem);
        // The one-to-one head's sigmoid class scores [1, 80, A], which Ultralytics' postprocess reads.
        string scores = ScoresBeforeTopK(model);
        using var pass = model.Session.Run(StandInModels.Input(), new RunOptions { Taps = [scores], GradientsFor = [scores] });
        var head = DetectionHeads.Recognise(model, StandInModels.Size, StandInModels.Size);
        var row = Detector.Detect(head, pass.Outputs, null, new DetectionOptions(0.5f))[0];
        using var grads = pass.Backward([new BoxScoreTarget(head, [row])]);
        var gradient = grads[scores].Floats.ToArray();
        int hit = Array.FindIndex(gradient, g => g != 0);
        Assert.True(hit >= 0, "no gradient reached the scores before TopK");
        Assert.Equal(1f, gradient[hit], 5);
        Assert.Equal(1, gradient.Count(g => g != 0));
        int anchors = pass.Value(scores).Shape[2];
        Assert.Equal(row.Class, hit / anchors);
        Assert.Equal(row.Score, pass.Value(scores).Floats[hit], 5);
    }

    private static string ScoresBeforeTopK(Model model)
    {
        var graph = model.Graph;
        var plan = model.Session.GetPlan(1, 3, StandInModels.Size, StandInModels.Size);
        var sigmoid = graph.Nodes.Single(n => n.OpType == "Sigmoid" && plan.TryShapeOf(n.Outputs[0]) is [1, 80, _]);
        return sigmoid.Outputs[0];
    }
}
