using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>How <see cref="CoarseParallel"/> cuts a loop: every item exactly once, and as many chunks as keep the cores evenly busy.</summary>
public sealed class CoarseParallelTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1 << 20)]
    [InlineData(36, 7056)]      // mobilenet_v2's 576-channel depthwise 14 → 7 in blocks of 16 channels: 3 chunks of work
    [InlineData(192, 2548)]     // its 192-channel depthwise 28 → 14: 7 chunks of work
    [InlineData(1000, 1 << 16)]
    public void ForChunks_AnyWork_RunsEveryItemOnce(int count, long itemCost)
    {
        var hits = new int[count];
        CoarseParallel.ForChunks(count, itemCost, (from, to) =>
        {
            for (int i = from; i < to; i++) Interlocked.Increment(ref hits[i]);
        });
        Assert.All(hits, h => Assert.Equal(1, h));
    }

    [Theory]
    [InlineData(36, 7056)]
    [InlineData(192, 2548)]
    [InlineData(64, 6084)]      // YOLOX's 64-channel depthwise on 26×26: 5 chunks of work
    [InlineData(1000, 1 << 16)]
    public void ChunkCount_ParallelWork_IsAMultipleOfTheCores(int count, long itemCost)
    {
        int chunks = CoarseParallel.ChunkCount(count, itemCost);
        Assert.InRange(chunks, 1, count);
        if (chunks > 1) Assert.Equal(0, chunks % Environment.ProcessorCount);
    }

    [Fact]
    public void ChunkCount_SmallWork_StaysOnOneThread()
    {
        Assert.Equal(1, CoarseParallel.ChunkCount(8, 100));
        Assert.Equal(1, CoarseParallel.ChunkCount(1, 1 << 24));
    }
}
