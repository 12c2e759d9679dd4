using CamSharp.MutationRun;
using Xunit;

namespace CamSharp.Tests.Hardening;

/// <summary>
/// Every hostile file-system case of the long run (links, FIFOs, special files, bombs, deep
/// names, collisions, probes, formats; <see cref="FileSystemCases"/>): it ends within seconds and is refused with
/// a documented type where it must be, or runs as it should.
/// </summary>
public sealed class FileSystemCaseTests
{
    public static TheoryData<string> Names() => [.. FileSystemCases.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Case_EndsQuicklyAsExpected(string name)
    {
        var c = FileSystemCases.All.Single(x => x.Name == name);
        var result = await Task.Run(() => FileSystemCases.Run(c)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(result.Outcome == (c.MustRefuse ? Outcome.Refused : Outcome.Ran), $"{name}: {result.Outcome} {result.ErrorType}: {result.Message}");
    }

    [Fact]
    public void Cases_CoverEveryClass() =>
        Assert.Equal(["bombs", "collisions", "deep-names", "fifos", "formats", "links", "probes", "special"], FileSystemCases.All.Select(c => c.Class).Distinct().Order());
}
