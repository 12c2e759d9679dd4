using System.Collections.Concurrent;
using CamSharp.MutationRun;
using Xunit;

namespace CamSharp.Tests.Hardening;

/// <summary>
/// 2,000 seeded mutations of each real model (digitcnn, tinyyolo, the bundled demo model),
/// of sample PNG, JPEG and BMP images and of .npy files: every one loads and runs, or is
/// refused with one of <see cref="ExpectedErrors.Types"/> (docs/errors.md). The long run
/// (tools/mutation_run) does the same 100,000 times per format in watched child processes.
/// </summary>
public sealed class MutationTests
{
    private const int Cases = 2000, Seed = 20260101;

    public static TheoryData<string> Formats() => [.. Samples.Formats];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutations_LoadAndRunOrThrowADocumentedError(string format)
    {
        var sampler = new CaseSampler(format, Fixtures.Shared);
        var crashes = new ConcurrentQueue<string>();
        int ran = 0, refused = 0;
        Parallel.For(0, Cases, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            if (crashes.Count >= 10) return;
            var (sample, bytes) = sampler.Case(Seed, i);
            var result = MutationCase.Run(sample, bytes);
            if (result.Outcome == Outcome.Ran) Interlocked.Increment(ref ran);
            else if (result.Outcome == Outcome.Refused) Interlocked.Increment(ref refused);
            else crashes.Enqueue($"{sample.Name} case {i} (seed {Seed}): {result.ErrorType}: {result.Message}");
        });
        Assert.True(crashes.IsEmpty, string.Join("\n\n", crashes));
        Assert.Equal(Cases, ran + refused);
        // Both outcomes must be common, or the mutations are too weak or too destructive to test anything.
        Assert.True(ran >= Cases / 20 && refused >= Cases / 20, $"{format}: ran {ran}, refused {refused}");
    }

    [Fact]
    public void Cases_AreReproducibleFromTheSeed()
    {
        var a = new CaseSampler("digitcnn", Fixtures.Shared);
        var b = new CaseSampler("digitcnn", Fixtures.Shared);
        for (int i = 0; i < 20; i++) Assert.Equal(a.Case(Seed, i).Bytes, b.Case(Seed, i).Bytes);
        Assert.NotEqual(a.Case(Seed, 0).Bytes, a.Case(Seed, 1).Bytes);
    }
}
