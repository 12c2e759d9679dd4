using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;

namespace CamSharp.Tests.Ops;

public class NonMaxSuppressionTests
{
    // The ONNX spec's six boxes: three overlapping near the origin, two near y = 10, one at y = 100.
    private static readonly float[] Corners =
    [
        0, 0, 1, 1, 0, 0.1f, 1, 1.1f, 0, -0.1f, 1, 0.9f,
        0, 10, 1, 11, 0, 10.1f, 1, 11.1f, 0, 100, 1, 101,
    ];

    private static readonly float[] Scores = [0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f];

    private static Tensor Nms(float[] boxes, float[] scores, long max, float iou, float? score = null, Attributes? attrs = null)
    {
        Tensor?[] inputs = [Floats(boxes, 1, boxes.Length / 4, 4), Floats(scores, 1, 1, scores.Length), Tensor.Vector(max), Tensor.FromFloats([iou], 1),
            score is { } s ? Tensor.FromFloats([s], 1) : null];
        return OpTester.Run("NonMaxSuppression", inputs, attrs, constant: inputs.Select(_ => true).ToArray())[0];
    }

    [Fact]
    public void NonMaxSuppression_SuppressByIoU_SpecExample() =>
        EqualLongs(Nms(Corners, Scores, 3, 0.5f), [0, 0, 3, 0, 0, 0, 0, 0, 5], 3, 3);

    [Fact]
    public void NonMaxSuppression_ScoreThreshold_DropsLowScores() =>
        EqualLongs(Nms(Corners, Scores, 3, 0.5f, 0.4f), [0, 0, 3, 0, 0, 0], 2, 3);

    [Fact]
    public void NonMaxSuppression_CenterPointBoxes_SameSelection()
    {
        var centers = new float[Corners.Length];
        for (int i = 0; i < 6; i++)
        {
            float y1 = Corners[4 * i], x1 = Corners[4 * i + 1], y2 = Corners[4 * i + 2], x2 = Corners[4 * i + 3];
            (centers[4 * i], centers[4 * i + 1], centers[4 * i + 2], centers[4 * i + 3]) = ((x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1);
        }
        EqualLongs(Nms(centers, Scores, 3, 0.5f, attrs: Attrs(("center_point_box", 1))), [0, 0, 3, 0, 0, 0, 0, 0, 5], 3, 3);
    }

    [Fact]
    public void NonMaxSuppression_LimitAndTies_KeepLowerIndexFirst()
    {
        // Two disjoint boxes with equal scores: the first listed comes first; the limit keeps one.
        EqualLongs(Nms([0, 0, 1, 1, 5, 5, 6, 6], [0.5f, 0.5f], 1, 0.5f), [0, 0, 0], 1, 3);
    }

    [Fact]
    public void NonMaxSuppression_NoMaxOutput_SelectsNothing()
    {
        Tensor?[] inputs = [Floats(Corners, 1, 6, 4), Floats(Scores, 1, 1, 6)];
        var y = OpTester.Run("NonMaxSuppression", inputs, constant: [true, true])[0];
        Assert.Equal([0, 3], y.Shape);
    }

    [Fact]
    public void NonMaxSuppression_ScoresFromData_DeclareRunTimeShape()
    {
        var ctx = Infer("NonMaxSuppression", [Floats(Corners, 1, 6, 4), Floats(Scores, 1, 1, 6), Tensor.Vector(3)], constant: [true, false, true]);
        Assert.True(ctx.IsDynamic(0));
    }

    [Fact]
    public void NonMaxSuppression_ScoresShapeMismatch_Throws() =>
        Fails("NonMaxSuppression", () => Nms(Corners, [0.5f, 0.2f], 3, 0.5f), "must be [B, N, 4] and [B, C, N]");
}
