using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.TensorTests;

public class ParallelChunksTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(ParallelChunks.MinChunk * 3 + 5)]
    [InlineData(ParallelChunks.MinChunk * 9 + 1)]
    public void For_AnyLength_VisitsEveryIndexOnce(int length)
    {
        var hits = new int[length];
        ParallelChunks.For(length, (start, count) =>
        {
            for (int i = start; i < start + count; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 1));
    }

    [Theory]
    [InlineData(10, 4)]
    [InlineData(100_000, 3)]
    [InlineData(5, 1)]
    public void For_WithChunkIndex_CoversRangeWithAlignedStarts(int length, int chunks)
    {
        var hits = new int[length];
        var seen = new int[chunks];
        ParallelChunks.For(length, chunks, (c, start, count) =>
        {
            Assert.Equal(0, start % 16);
            Interlocked.Increment(ref seen[c]);
            for (int i = start; i < start + count; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 1));
        Assert.All(seen, s => Assert.InRange(s, 0, 1));
    }
}
