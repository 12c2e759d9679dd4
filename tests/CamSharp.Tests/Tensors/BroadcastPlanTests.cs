using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.TensorTests;

public class BroadcastPlanTests
{
    [Fact]
    public void Create_PerChannelOperand_RunsOverSpatialWithConstantChannel()
    {
        var plan = BroadcastPlan.Create([2, 3, 4, 5], [2, 3, 4, 5], [1, 3, 1, 1]);
        Assert.Equal(20, plan.InnerLength);
        Assert.True(plan.InnerContiguous(0));
        Assert.False(plan.InnerContiguous(1));
        var runs = Collect(plan);
        Assert.Equal(6, runs.Count);
        AssertRun(runs[1], 20, 20, [20, 1]);
        AssertRun(runs[3], 60, 20, [60, 0]);
    }

    [Fact]
    public void Create_EqualShapes_OneRun()
    {
        var plan = BroadcastPlan.Create([2, 3, 4], [2, 3, 4], [2, 3, 4]);
        Assert.Equal(24, plan.InnerLength);
        Assert.Single(Collect(plan));
    }

    [Fact]
    public void Create_SizeOneDimsEverywhere_AreDropped()
    {
        var plan = BroadcastPlan.Create([1, 4, 1, 6], [4, 1, 6], [1, 1, 1, 6]);
        Assert.Equal(6, plan.InnerLength);
        var runs = Collect(plan);
        Assert.Equal(4, runs.Count);
        Assert.Equal([18, 0], runs[3].Offsets);
    }

    [Fact]
    public void Create_ScalarOutput_OneElementRun()
    {
        foreach (var plan in new[] { BroadcastPlan.Create([1], [], [1]), BroadcastPlan.Create([], [], []) })
        {
            Assert.Equal(1, plan.InnerLength);
            Assert.Equal(1, plan.OutputLength);
            AssertRun(Assert.Single(Collect(plan)), 0, 1, [0, 0]);
        }
    }

    [Fact]
    public void VisitRuns_StartMidRun_SplitsFirstRunAndAdvancesContiguousOffsets()
    {
        var plan = BroadcastPlan.Create([2, 4], [2, 4], [2, 1]);
        var runs = new List<(int Start, int Length, int[] Offsets)>();
        plan.VisitRuns(3, 3, (s, n, off) => runs.Add((s, n, off.ToArray())));
        Assert.Equal(2, runs.Count);
        AssertRun(runs[0], 3, 1, [3, 0]);
        AssertRun(runs[1], 4, 2, [4, 1]);
    }

    [Theory]
    [InlineData(new[] { 3 }, new[] { 2, 4 })]
    [InlineData(new[] { 2, 2, 4 }, new[] { 2, 4 })]
    public void Create_OperandDoesNotBroadcast_Throws(int[] operand, int[] output)
    {
        var e = Assert.Throws<ArgumentException>(() => BroadcastPlan.Create(output, operand));
        Assert.Contains("does not broadcast", e.Message);
    }

    private static void AssertRun((int Start, int Length, int[] Offsets) run, int start, int length, int[] offsets)
    {
        Assert.Equal(start, run.Start);
        Assert.Equal(length, run.Length);
        Assert.Equal(offsets, run.Offsets);
    }

    private static List<(int Start, int Length, int[] Offsets)> Collect(BroadcastPlan plan)
    {
        var runs = new List<(int, int, int[])>();
        plan.VisitRuns(0, plan.OutputLength, (s, n, off) => runs.Add((s, n, off.ToArray())));
        return runs;
    }
}
