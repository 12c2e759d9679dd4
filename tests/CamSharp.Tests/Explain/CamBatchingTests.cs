using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>ScoreCAM/AblationCAM batch sizes from the memory budget, and the per-image estimate behind them.</summary>
public sealed class CamBatchingTests
{
    [Fact]
    public void RowsPerPass_GivenBatchSize_WinsOverBudget()
    {
        var options = new CamOptions { BatchSize = 7, MemoryBudgetBytes = 1 };
        Assert.Equal(7, CamBatching.RowsPerPass(options, 1000, 512));
    }

    [Theory]
    [InlineData(32, 1L << 20, 8L << 20, 8)]      // 32 asked, 8 fit under the model's limit
    [InlineData(32, 1L << 20, 1L << 30, 32)]     // 32 asked and they fit
    [InlineData(32, 1L << 30, 1L << 20, 1)]      // not one fits: one at a time (the pass itself is refused)
    public void RowsPerPass_GivenBatchOverModelLimit_CapsRows(int given, long perRow, long limit, int expected)
    {
        var options = new CamOptions { BatchSize = given };
        Assert.Equal(expected, CamBatching.RowsPerPass(options, perRow, 512, limit));
    }

    [Theory]
    [InlineData(1L << 30, 8L << 20, 512, 128)]   // 1 GiB / 8 MiB = 128 rows: 4 passes of 128
    [InlineData(1000L, 7L, 512, 128)]            // 142 fit: 4 passes, evened to 128
    [InlineData(1000L, 3000L, 512, 1)]           // not even one row fits: one at a time
    [InlineData(1L << 30, 1L, 20, 20)]           // everything at once
    [InlineData(1L << 30, 1L, 0, 1)]
    public void RowsPerPass_FromBudget_FitsAndEvensOutPasses(long budget, long perRow, int count, int expected)
    {
        var options = new CamOptions { MemoryBudgetBytes = budget };
        int rows = CamBatching.RowsPerPass(options, perRow, count);
        Assert.Equal(expected, rows);
        Assert.True(rows == 1 || rows * perRow <= budget);
    }

    [Fact]
    public void RowsPerPass_ModelLimitBelowBudget_CapsRows()
    {
        var options = new CamOptions { MemoryBudgetBytes = 1L << 30 };
        Assert.Equal(64, CamBatching.RowsPerPass(options, 1L << 20, 512, limit: 64L << 20));
    }

    [Fact]
    public void RunFromBytesPerRow_Layer4_IsTheHeadOnly()
    {
        var model = TestModels.Fixture("resnet18");
        string layer = model.ResolveLayer("layer4")[^1];
        var input = Fixtures.Npy("outputs/tensors/resnet18__d224__224x224.npy");
        using var pass = model.Session.Run(input, new RunOptions { RerunFrom = [layer] });
        long head = pass.RunFromBytesPerRow(layer);
        // The replacement (512×7×7), pooled features and logits (and the input, which the
        // estimate counts as live): far below a full forward.
        Assert.InRange(head, 4L * 512 * 49, pass.Plan.PeakBytes / 5);
    }

    [Fact]
    public void RowsTheModelTakes_BatchOneExport_RunsImageByImage()
    {
        // yolov8n's export reshapes to [1, 4, 16, 8400]: a batch of 8 cannot be planned.
        var yolo = TestModels.Asset("yolov8n_dequant_fp32");
        Assert.Equal(1, CamBatching.RowsTheModelTakes(yolo.Session, 8, [1, 3, 640, 640]));
        Assert.Equal(8, CamBatching.RowsTheModelTakes(TestModels.Fixture("resnet18").Session, 8, [1, 3, 224, 224]));
    }

    [Fact]
    public void ScoreCam_BudgetBatches_EqualOneImageAtATime()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.Profile.CamLayer!.Values[0];
        var batched = CamRunner.Run(model, input, [layer], CamMethods.Create("scorecam"));
        var single = CamRunner.Run(model, input, [layer], CamMethods.Create("scorecam"), options: new CamOptions { BatchSize = 1 });
        Assertions.AssertRelative(batched.Maps[0], single.Maps[0], 1e-5, "batched against one at a time");
    }
}
