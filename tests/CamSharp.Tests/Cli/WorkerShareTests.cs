using CamSharp.Cli;
using CamSharp.Onnx;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>--workers share --max-memory rather than each taking all of it (issue 18, item 5).</summary>
public class WorkerShareTests
{
    private static Model Squeezenet(long budget) =>
        Model.Load(Fixtures.Asset("models/squeezenet1_1_tv.onnx"), new OnnxLoadOptions { Limits = new ResourceLimits { MemoryBytes = budget } });

    [Fact]
    public void Split_TwoWorkersManyInputs_EachGetsHalfTheBudget()
    {
        var (model, workers) = WorkerShare.Split(Squeezenet(1L << 30), requested: 2, inputs: 5);
        Assert.Equal(2, workers);
        Assert.Equal(1L << 29, model.Limits.MemoryBytes);
    }

    [Fact]
    public void Split_OneInput_KeepsTheWholeBudget()
    {
        var given = Squeezenet(1L << 30);
        var (model, workers) = WorkerShare.Split(given, requested: 2, inputs: 1);
        Assert.Equal(1, workers);
        Assert.Same(given, model);
    }

    [Fact]
    public void Split_BudgetHoldsOnePassOnly_RunsOneWorker()
    {
        var probe = Squeezenet(1L << 30);
        long pass = probe.Session.GetPlan(1, 3, 224, 224).PeakBytes;
        var (model, workers) = WorkerShare.Split(Squeezenet(pass * 3), requested: 2, inputs: 5);
        Assert.Equal(1, workers);
        Assert.Equal(pass * 3, model.Limits.MemoryBytes);
    }
}
