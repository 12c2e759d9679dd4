using CamSharp.Onnx;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>The memory budget is checked when a plan is made: the peak of live tensors and the largest one.</summary>
public sealed class MemoryCheckTests
{
    private static Model Digits(long memoryBytes) =>
        Model.Load(Fixtures.File("models/digitcnn.onnx"), new OnnxLoadOptions { Limits = new ResourceLimits { MemoryBytes = memoryBytes } });

    [Fact]
    public void Plan_PeakBytes_LiesBetweenTheLargestTensorAndTheSumOfAll()
    {
        var plan = TestModels.Fixture("digitcnn").Session.GetPlan(1, 3, 64, 64);
        long input = 4L * 3 * 64 * 64;
        Assert.True(plan.LargestTensorBytes > input, $"largest {plan.LargestTensorBytes}");
        Assert.True(plan.PeakBytes >= plan.LargestTensorBytes + input, $"peak {plan.PeakBytes}");
        // Buffers are counted as the pool hands them out (rounded up to a power of two): at most twice the elements' bytes.
        Assert.True(plan.PeakBytes < 2 * (plan.ActivationBytes() + input), $"peak {plan.PeakBytes}, all {plan.ActivationBytes()}");
    }

    /// <summary>
    /// Issue 18, rerun: the budget counted elements' bytes, but the shared pool rounds a buffer up
    /// to a power of two, so ResNet-18 on a 3000×2000 image passed --max-memory 1G at "801 MiB"
    /// and took 1.7 GB. Buffers are counted as the pool gives them.
    /// </summary>
    [Fact]
    public void PooledBytes_IsWhatTheSharedPoolHandsOut()
    {
        int elements = 3 * 64 * 64; // 12288, not a power of two
        Assert.Equal(4L * System.Buffers.ArrayPool<float>.Shared.Rent(elements).Length, CamSharp.Engine.MemoryCheck.PooledBytes(CamSharp.Tensors.DataType.Float32, [1, 3, 64, 64]));
        Assert.Equal(4L * 16384, CamSharp.Engine.MemoryCheck.PooledBytes(CamSharp.Tensors.DataType.Float32, [1, 3, 64, 64]));
        long largest = TestModels.Fixture("digitcnn").Session.GetPlan(1, 3, 64, 64).LargestTensorBytes;
        Assert.True(System.Numerics.BitOperations.IsPow2(largest / 4), $"largest {largest}");
    }

    [Fact]
    public void Plan_OverTheBudgetByOneByte_IsRefusedAndAtTheBudgetRuns()
    {
        long peak = TestModels.Fixture("digitcnn").Session.GetPlan(1, 3, 64, 64).PeakBytes;

        var e = Assert.Throws<ResourceLimitException>(() => Digits(peak - 1).Session.GetPlan(1, 3, 64, 64));
        Assert.Equal((nameof(ResourceLimits.MemoryBytes), peak, peak - 1), (e.Limit, e.Requested, e.Allowed));
        Assert.Contains("digitcnn.onnx", e.Message);
        Assert.Contains("ResourceLimits.MemoryBytes", e.Message); // the library names its own setting; the CLI adds --max-memory

        var model = Digits(peak);
        using var pass = model.Session.Run(CamSharp.Tensors.Tensor.Zeros(1, 3, 64, 64));
        Assert.Equal(peak, pass.Plan.PeakBytes);
    }

    [Fact]
    public void Plan_ATensorLargerThanTheBudget_IsRefusedNamingTheNode()
    {
        var model = Digits(1L << 20);
        var e = Assert.Throws<ResourceLimitException>(() => model.Session.GetPlan(1, 3, 512, 512));
        Assert.Contains("Node '", e.Message);
        Assert.Contains("would make", e.Message);
        Assert.Contains("512, 512]", e.Message);
        Assert.True(e.Requested > e.Allowed);
    }

    [Fact]
    public void Session_LimitsComeFromTheLoadOptions()
    {
        Assert.Equal(123L << 20, Digits(123L << 20).Session.Limits.MemoryBytes);
        Assert.Equal(ResourceLimits.DefaultMemoryBytes, TestModels.Fixture("digitcnn").Limits.MemoryBytes);
    }
}
