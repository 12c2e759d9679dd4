using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>A batch run as one pass per image gives each image's own batch-1 result, and splits only plain passes.</summary>
public sealed class PerImageBatchTests
{
    private static Tensor Images(int batch, int size, int seed)
    {
        var rng = new Random(seed);
        return Tensor.FromFloats(Enumerable.Range(0, batch * 3 * size * size).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray(), batch, 3, size, size);
    }

    [Theory]
    [InlineData("digitcnn", 48, 3)]
    [InlineData("squeezenet1_1_tv", 224, 3)]
    public void Run_SplitPerImage_EqualsEachImageAloneAndTheBatchedPass(string model, int size, int batch)
    {
        var session = (model == "digitcnn" ? TestModels.Fixture(model) : TestModels.Asset(model)).Session;
        var x = Images(batch, size, batch * 7 + size);
        using var split = session.Run(x, new RunOptions { SplitBatch = BatchSplit.Always });
        using var batched = session.Run(x, new RunOptions { SplitBatch = BatchSplit.Never });
        Assert.Equal(batched.Outputs[0].Shape, split.Outputs[0].Shape);
        Assertions.AssertRelative(split.Outputs[0].ToFloatArray(), batched.Outputs[0].ToFloatArray(), 1e-5, "split against batched");
        int row = split.Outputs[0].Length / batch;
        for (int b = 0; b < batch; b++)
        {
            using var image = TensorRows.Row(x, b);
            using var alone = session.Run(image);
            Assert.Equal(alone.Outputs[0].ToFloatArray(), split.Outputs[0].Floats.Slice(b * row, row).ToArray());
        }
    }

    [Fact]
    public void SinglePlan_TapsGradientsOrRerun_KeepOneBatchedPass()
    {
        var session = TestModels.Asset("squeezenet1_1_tv").Session;
        var x = Images(2, 224, 1);
        var plan = session.GetPlan(2, 3, 224, 224);
        string layer = session.Graph.Nodes[^3].Outputs[0];
        Assert.NotNull(PerImageBatch.SinglePlan(session, plan, x, new RunOptions { SplitBatch = BatchSplit.Always }));
        Assert.Null(PerImageBatch.SinglePlan(session, plan, x, new RunOptions { SplitBatch = BatchSplit.Always, Taps = [layer] }));
        Assert.Null(PerImageBatch.SinglePlan(session, plan, x, new RunOptions { SplitBatch = BatchSplit.Always, GradientsFor = [layer] }));
        Assert.Null(PerImageBatch.SinglePlan(session, plan, x, new RunOptions { SplitBatch = BatchSplit.Always, RerunFrom = [layer] }));
        Assert.Null(PerImageBatch.SinglePlan(session, plan, x, new RunOptions { SplitBatch = BatchSplit.Never }));

        // A tapped batch still hands back the batch's values.
        using var pass = session.Run(x, new RunOptions { Taps = [layer] });
        Assert.Equal(2, pass.Value(layer).Shape[0]);
    }

    [Fact]
    public void SinglePlan_Auto_SplitsWhereActivationsOutweighWeights()
    {
        var squeezenet = TestModels.Asset("squeezenet1_1_tv").Session;
        var resnet = TestModels.Fixture("resnet18").Session;
        Assert.NotNull(PerImageBatch.SinglePlan(squeezenet, squeezenet.GetPlan(8, 3, 224, 224), Images(8, 224, 2), RunOptions.Default));
        Assert.Null(PerImageBatch.SinglePlan(resnet, resnet.GetPlan(8, 3, 224, 224), Images(8, 224, 3), RunOptions.Default));
    }

    [Fact]
    public void Run_SplitPassProfiled_ReportsEachNodeOnceWithTheImagesSummed()
    {
        var session = TestModels.Fixture("digitcnn").Session;
        using var pass = session.Run(Images(4, 48, 9), new RunOptions { SplitBatch = BatchSplit.Always, Profile = true });
        Assert.NotNull(pass.NodeTimes);
        Assert.Equal(pass.NodeTimes!.Count, pass.NodeTimes.Select(t => t.Node).Distinct().Count());
        Assert.All(pass.NodeTimes, t => Assert.True(t.Seconds >= 0));
    }
}
