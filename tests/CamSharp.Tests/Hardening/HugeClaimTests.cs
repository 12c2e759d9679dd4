using CamSharp.Imaging;
using CamSharp.MutationRun;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Hardening;

/// <summary>
/// Tiny files claiming enormous sizes are refused with a typed error before the memory is
/// allocated: the bytes this thread allocates while refusing stay far below the claim (and
/// below 200 MB). `dotnet run --project tools/mutation_run -- --hostile` measures time and
/// peak RSS of the same refusals in fresh processes.
/// </summary>
public sealed class HugeClaimTests
{
    private const long Budget = 200L << 20;

    [Fact]
    public void Model_ClaimingA2Pow40ElementWeight_IsRefusedCheaply()
    {
        var e = RefusedWithin<CamSharp.Engine.ModelException>(() => Model.Load(HostileFiles.ModelWith2Pow40Weight(), "huge.onnx"));
        Assert.Contains("'huge_weight'", e.Message);
        Assert.Contains("1099511627776", e.Message);
    }

    [Fact]
    public void Model_PlanningA2Pow40ElementTensor_IsRefusedByTheLimitsBeforeAllocating()
    {
        var e = RefusedWithin<ResourceLimitException>(() => Model.Load(HostileFiles.ModelPlanning2Pow40Tensor(), "plan.onnx"));
        Assert.Contains("'/fill/ConstantOfShape'", e.Message);
        Assert.Contains("[1048576, 1048576]", e.Message);
        Assert.Equal(1L << 40, e.Requested);
    }

    [Fact]
    public void Png_Claiming100000By100000Pixels_IsRefusedCheaply()
    {
        var e = RefusedWithin<ImageFormatException>(() => ImageDecoder.Decode(HostileFiles.PngClaiming100000Squared(), "huge.png"));
        Assert.Contains("100000x100000", e.Message);
        Assert.Contains("cap", e.Message);
    }

    [Fact]
    public void Npy_WithA1GBHeader_IsRefusedCheaply()
    {
        var bytes = HostileFiles.NpyWith1GBHeader();
        var e = RefusedWithin<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes), bytes.Length));
        Assert.Contains("1073741824", e.Message);
    }

    [Fact]
    public void Npy_ClaimingAHugeShape_IsRefusedCheaply()
    {
        var bytes = HostileFiles.NpyClaimingHugeShape();
        var e = RefusedWithin<InvalidDataException>(() => Npy.Read(new MemoryStream(bytes), bytes.Length));
        Assert.Contains("1000000, 1000000", e.Message);
    }

    /// <summary>Runs <paramref name="load"/>, which must throw <typeparamref name="T"/> having allocated less than the budget on this thread.</summary>
    private static T RefusedWithin<T>(Action load) where T : Exception
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.ThrowsAny<T>(load);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Budget, $"allocated {allocated} bytes while refusing");
        return e;
    }
}
