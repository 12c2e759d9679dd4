using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.TensorTests;

/// <summary>Run alone: a region that finds the team busy with another test runs inline, which would hide the workers.</summary>
[CollectionDefinition(nameof(WorkerTeamTests), DisableParallelization = true)]
public class WorkerTeamCollection;

[Collection(nameof(WorkerTeamTests))]
public class WorkerTeamTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public void For_RunsEveryItemExactlyOnce(int count)
    {
        var hits = new int[count];
        WorkerTeam.For(count, i => Interlocked.Increment(ref hits[i]));
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 1));
    }

    [Fact]
    public void For_ReturnsOnlyWhenEveryItemHasFinished()
    {
        int finished = 0;
        WorkerTeam.For(8, _ =>
        {
            Thread.Sleep(5);
            Interlocked.Increment(ref finished);
        });
        Assert.Equal(8, finished);
    }

    [Fact]
    public void For_NestedRegion_RunsInlineAndCompletes()
    {
        var hits = new int[6 * 7];
        WorkerTeam.For(6, i => WorkerTeam.For(7, j => Interlocked.Increment(ref hits[i * 7 + j])));
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 1));
    }

    [Fact]
    public void For_ManyThreadsAtOnce_EachRegionCompletes()
    {
        const int callers = 4, count = 200;
        var hits = new int[callers * count];
        var threads = Enumerable.Range(0, callers).Select(c => new Thread(() =>
        {
            for (int round = 0; round < 20; round++) WorkerTeam.For(count, i => Interlocked.Increment(ref hits[c * count + i]));
        })).ToArray();
        foreach (var t in threads) t.Start();
        foreach (var t in threads) t.Join();
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 20));
    }

    [Fact]
    public void For_BodyThrows_ExceptionReachesCallerAfterOtherItemsRan()
    {
        int ran = 0;
        var e = Assert.Throws<InvalidOperationException>(() => WorkerTeam.For(50, i =>
        {
            Interlocked.Increment(ref ran);
            if (i == 7) throw new InvalidOperationException("item 7");
        }));
        Assert.Equal("item 7", e.Message);
        Assert.Equal(50, ran);
        // The team is usable afterwards.
        int after = 0;
        WorkerTeam.For(10, _ => Interlocked.Increment(ref after));
        Assert.Equal(10, after);
    }

    [Fact]
    public void For_MaxThreadsOne_RunsOnCaller()
    {
        int caller = Environment.CurrentManagedThreadId;
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        WorkerTeam.For(20, _ => threads.Add(Environment.CurrentManagedThreadId), maxThreads: 1);
        Assert.All(threads, t => Assert.Equal(caller, t));
    }

    [Fact]
    public void For_AfterWorkersFellAsleep_StillUsesThem()
    {
        if (WorkerTeam.Size < 2) return;
        Thread.Sleep(50); // past the spin: workers are blocked now
        int caller = Environment.CurrentManagedThreadId;
        var threads = new System.Collections.Concurrent.ConcurrentBag<int>();
        WorkerTeam.For(WorkerTeam.Size * 4, _ =>
        {
            threads.Add(Environment.CurrentManagedThreadId);
            Thread.Sleep(20);
        });
        Assert.Contains(threads, t => t != caller);
    }

    [Fact]
    public void For_StructBody_RunsEveryItemAndAllocatesNothing()
    {
        var hits = new int[1000];
        WorkerTeam.For(hits.Length, new CountingBody(hits)); // warm-up: JIT and the workers' start
        Array.Clear(hits);
        long before = GC.GetAllocatedBytesForCurrentThread();
        WorkerTeam.For(hits.Length, new CountingBody(hits));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 1));
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void For_StructBodyThrows_ExceptionReachesCaller()
    {
        var e = Assert.Throws<InvalidOperationException>(() => WorkerTeam.For(40, new ThrowingBody(13)));
        Assert.Equal("item 13", e.Message);
    }

    [Fact]
    public void KeepAwake_WhileWorkersSleep_WakesThem()
    {
        if (WorkerTeam.Size < 2) return;
        WorkerTeam.For(WorkerTeam.Size * 2, _ => Thread.Sleep(1)); // workers exist
        Thread.Sleep(50); // past the spin: workers are blocked now
        long before = WorkerTeam.Counters.Wakes;
        WorkerTeam.KeepAwake();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (WorkerTeam.Counters.Wakes == before && DateTime.UtcNow < deadline) Thread.Sleep(1);
        Assert.True(WorkerTeam.Counters.Wakes > before, "no worker woke after KeepAwake");
    }

    [Fact]
    public void For_ManyShortRegionsBackToBack_EachCompletes()
    {
        // The job is reused: a worker that arrives late must never run a half-reset region.
        var hits = new int[64];
        for (int round = 0; round < 2000; round++) WorkerTeam.For(hits.Length, new CountingBody(hits));
        Assert.Equal(-1, Array.FindIndex(hits, h => h != 2000));
    }

    private readonly struct CountingBody(int[] hits) : ITeamBody
    {
        public void Run(int i) => Interlocked.Increment(ref hits[i]);
    }

    private readonly struct ThrowingBody(int failing) : ITeamBody
    {
        public void Run(int i)
        {
            if (i == failing) throw new InvalidOperationException($"item {i}");
        }
    }
}
