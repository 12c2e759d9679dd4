using CamSharp.Cli;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>Inputs refused for memory under a worker's share run again alone under the whole budget.</summary>
[Collection("cli")]
public class InputBatchTests
{
    private static readonly InputSource[] Two = [new("a.png", false), new("b.png", false)];

    private static void OverTheShare(InputSource _) =>
        throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), 700, 512, "over the share");

    [Fact]
    public void Run_RefusedUnderTheShare_RunsAloneAndSucceeds()
    {
        var alone = new List<string>();
        int code = InputBatch.Run(Two, 2, verbose: false, OverTheShare, alone: s => { lock (alone) alone.Add(s.Path); });
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(["a.png", "b.png"], alone);
    }

    [Fact]
    public void Run_OtherFailures_AreNotRetried()
    {
        int retried = 0;
        int code = InputBatch.Run(Two, 2, verbose: false, s => throw new InvalidDataException("broken"), alone: _ => retried++);
        Assert.Equal(ExitCodes.Error, code);
        Assert.Equal(0, retried);
    }

    [Fact]
    public void Run_NoAloneRunner_ReportsTheMemoryFailures()
    {
        Assert.Equal(ExitCodes.Error, InputBatch.Run(Two, 2, verbose: false, OverTheShare));
    }

    [Fact]
    public void Run_OneInputFailingWithoutNamingIt_MessageNamesTheInput()
    {
        var e = Assert.Throws<CliException>(() => InputBatch.Run([new("photos/wide.png", false)], 1, verbose: false,
            _ => throw new CamSharp.Engine.InputException("the plan for [1, 3, 4, 200000] is too large")));
        Assert.StartsWith("photos/wide.png: ", e.Message);
        Assert.Contains("200000", e.Message);
    }

    [Fact]
    public void Run_OneInputFailingAboutAFlag_MessageKeptAsItIs()
    {
        var e = Assert.Throws<CamSharp.Engine.InputException>(() => InputBatch.Run([new("a.png", false)], 1, verbose: false,
            _ => throw new CamSharp.Engine.InputException("no such layer") { Parameter = "Layers" }));
        Assert.Equal("no such layer", e.Message);
    }
}
