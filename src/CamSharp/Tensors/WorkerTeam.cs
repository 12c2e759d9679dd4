using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace CamSharp.Tensors;

/// <summary>
/// The threads every parallel kernel runs on: the caller plus one dedicated worker per other
/// core. A forward pass is a hundred or so short parallel regions with short serial gaps
/// between them; pool threads go to sleep in those gaps, and waking a sleeping (halted)
/// virtual CPU costs as much as a small kernel, with long tails. Workers here spin for a
/// short while after each region, as OpenMP teams do, and only then block.
/// </summary>
/// <remarks>
/// Items are claimed one at a time from a shared counter, so a core that the OS or hypervisor
/// takes away mid-region leaves its remaining items to the others. A region started while
/// another is running (from inside a body, or from a second thread) runs inline on its
/// caller: correct, just not parallel.
/// </remarks>
public static class WorkerTeam
{
    /// <summary>How long an idle worker keeps polling before it blocks (about a millisecond).</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private static readonly object StartLock = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static Thread[]? s_workers;
    private static Job? s_job;
    private static long s_generation;
    private static int s_sleepers;
    private static int s_busy;

    /// <summary>Threads a region can use: the caller and the workers.</summary>
    public static int Size => Environment.ProcessorCount;

    /// <summary>
    /// Calls <paramref name="body"/>(i) for every i in [0, <paramref name="count"/>), on up to
    /// <paramref name="maxThreads"/> threads (0: all), and returns when all calls have
    /// returned. The first exception a call throws is rethrown here.
    /// </summary>
    public static void For(int count, Action<int> body, int maxThreads = 0)
    {
        if (count <= 0) return;
        int threads = maxThreads <= 0 ? Size : Math.Min(maxThreads, Size);
        if (count == 1 || threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int i = 0; i < count; i++) body(i);
            return;
        }
        try
        {
            EnsureStarted();
            var job = new Job(count, body, threads - 1);
            Volatile.Write(ref s_job, job);
            Interlocked.Increment(ref s_generation);
            int sleepers = Volatile.Read(ref s_sleepers);
            if (sleepers > 0) Wake.Release(Math.Min(sleepers, threads - 1));
            job.Work();
            job.WaitUntilDone();
            job.Failure?.Throw();
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    private static void EnsureStarted()
    {
        if (Volatile.Read(ref s_workers) is not null) return;
        lock (StartLock)
        {
            if (s_workers is not null) return;
            var workers = new Thread[Math.Max(Size - 1, 0)];
            for (int i = 0; i < workers.Length; i++)
            {
                workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"CamSharp worker {i + 1}" };
                workers[i].Start();
            }
            Volatile.Write(ref s_workers, workers);
        }
    }

    private static void WorkerLoop()
    {
        long seen = Volatile.Read(ref s_generation);
        while (true)
        {
            seen = WaitForGeneration(seen);
            Volatile.Read(ref s_job)?.Join();
        }
    }

    /// <summary>Spins until a region newer than <paramref name="seen"/> is published, then blocks; returns the new generation.</summary>
    private static long WaitForGeneration(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + SpinTicks;
        for (int polls = 0; ; polls++)
        {
            long now = Volatile.Read(ref s_generation);
            if (now != seen) return now;
            if ((polls & 63) == 63 && Stopwatch.GetTimestamp() > deadline) break;
            Thread.SpinWait(16);
        }
        while (true)
        {
            Interlocked.Increment(ref s_sleepers);
            // Checked after announcing the sleep, so a region published meanwhile is not missed.
            long now = Volatile.Read(ref s_generation);
            if (now == seen) Wake.Wait();
            Interlocked.Decrement(ref s_sleepers);
            now = Volatile.Read(ref s_generation);
            if (now != seen) return now;
        }
    }

    /// <summary>One region: the items still to claim, how many are finished, and how many workers may join.</summary>
    private sealed class Job(int count, Action<int> body, int seats)
    {
        private int _next;
        private int _done;
        private int _seats = seats;

        public ExceptionDispatchInfo? Failure { get; private set; }

        /// <summary>A worker takes part if the region still has a free seat.</summary>
        public void Join()
        {
            if (Interlocked.Decrement(ref _seats) >= 0) Work();
        }

        /// <summary>Claims and runs items until none are left.</summary>
        public void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < count)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    lock (this) Failure ??= ExceptionDispatchInfo.Capture(e);
                }
                Interlocked.Increment(ref _done);
            }
        }

        /// <summary>Waits for items other threads claimed and are still running.</summary>
        public void WaitUntilDone()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < count) spin.SpinOnce(sleep1Threshold: -1);
        }
    }
}
