using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CamSharp.Tensors;

/// <summary>
/// The threads every parallel kernel runs on: the caller plus one dedicated worker per other
/// core. A forward pass is a hundred or so short parallel regions with short serial gaps
/// between them; pool threads go to sleep in those gaps, and waking a sleeping (halted)
/// virtual CPU costs as much as a small kernel, with long tails. Workers here keep polling
/// while the engine is busy (<see cref="KeepAwake"/> between operators, every region) and
/// block only after <see cref="SpinTicks"/> without either, so an idle process burns no CPU.
/// </summary>
/// <remarks>
/// Items are claimed one at a time from a shared counter, so a core that the OS or hypervisor
/// takes away mid-region leaves its remaining items to the others. A region started while
/// another is running (from inside a body, or from a second thread) runs inline on its
/// caller: correct, just not parallel. A region allocates nothing: its body is a struct on
/// the caller's stack (<see cref="For{TBody}(int, TBody, int)"/>), and its bookkeeping is
/// one <see cref="TeamJob"/> reused from region to region.
/// </remarks>
public static class WorkerTeam
{
    /// <summary>How long an idle worker keeps polling after the engine's last sign of work (about a millisecond).</summary>
    private static readonly long SpinTicks = Stopwatch.Frequency / 1000;

    private static readonly object StartLock = new();
    private static readonly SemaphoreSlim Wake = new(0);
    private static readonly TeamJob Job = new();
    private static Thread[]? s_workers;
    private static long s_generation;
    private static long s_lastActivity;
    private static int s_sleepers;
    private static int s_wakePending;
    private static int s_busy;
    private static long s_regions, s_inline, s_wakes;

    /// <summary>Threads a region can use: the caller and the workers.</summary>
    public static int Size => Environment.ProcessorCount;

    /// <summary>What the team has done since the process started, for the bench's jitter diagnosis.</summary>
    internal static TeamCounters Counters =>
        new(Volatile.Read(ref s_regions), Volatile.Read(ref s_inline), Volatile.Read(ref s_wakes), Job.Waits, Job.WaitTicks, Job.WorkerItems);

    /// <summary>
    /// Calls <paramref name="body"/>(i) for every i in [0, <paramref name="count"/>), on up to
    /// <paramref name="maxThreads"/> threads (0: all), and returns when all calls have
    /// returned. The first exception a call throws is rethrown here.
    /// </summary>
    public static void For(int count, Action<int> body, int maxThreads = 0)
    {
        For(count, new ActionBody(body), maxThreads);
    }

    /// <summary>
    /// <see cref="For(int, Action{int}, int)"/> for a body held in a struct, which workers call
    /// through a pointer to this call's copy on the caller's stack: nothing is allocated.
    /// </summary>
    public static unsafe void For<TBody>(int count, TBody body, int maxThreads = 0) where TBody : struct, ITeamBody
    {
        if (count <= 0) return;
        int threads = maxThreads <= 0 ? Size : Math.Min(maxThreads, Size);
        if (count == 1 || threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            if (count > 1) Interlocked.Increment(ref s_inline);
            for (int i = 0; i < count; i++) body.Run(i);
            return;
        }
        try
        {
            EnsureStarted();
            s_regions++;
            Volatile.Write(ref s_lastActivity, Stopwatch.GetTimestamp());
            Job.Open(count, Unsafe.AsPointer(ref body), &Call<TBody>, threads - 1);
            Interlocked.Increment(ref s_generation);
            WakeSleepers(threads - 1);
            Job.Work();
            Job.Close();
        }
        finally
        {
            Volatile.Write(ref s_lastActivity, Stopwatch.GetTimestamp());
            Volatile.Write(ref s_busy, 0);
        }
    }

    /// <summary>
    /// Tells the workers that parallel work is near (the engine calls this before each
    /// operator): a sleeping worker wakes now, during the serial gap, rather than when the next
    /// region starts, and polling workers keep polling.
    /// </summary>
    public static void KeepAwake()
    {
        Volatile.Write(ref s_lastActivity, Stopwatch.GetTimestamp());
        WakeSleepers(Size);
    }

    /// <summary>Releases up to <paramref name="max"/> blocked workers, once per sleep: wakers racing each other add no extra wake-ups.</summary>
    private static void WakeSleepers(int max)
    {
        int sleepers = Volatile.Read(ref s_sleepers);
        if (sleepers > 0 && Interlocked.CompareExchange(ref s_wakePending, 1, 0) == 0) Wake.Release(Math.Min(sleepers, max));
    }

    private static unsafe void Call<TBody>(void* body, int i) where TBody : struct, ITeamBody => Unsafe.AsRef<TBody>(body).Run(i);

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
            long now = WaitForGeneration(seen);
            if (now == seen) continue; // woken by KeepAwake: poll again
            seen = now;
            Job.Join();
        }
    }

    /// <summary>
    /// Polls until a region newer than <paramref name="seen"/> is published, as long as the
    /// engine showed activity within <see cref="SpinTicks"/>; then blocks until woken. Returns
    /// the generation seen last (unchanged when a <see cref="KeepAwake"/> woke it).
    /// </summary>
    private static long WaitForGeneration(long seen)
    {
        for (int polls = 0; ; polls++)
        {
            long now = Volatile.Read(ref s_generation);
            if (now != seen) return now;
            if ((polls & 63) == 63)
            {
                if (Stopwatch.GetTimestamp() - Volatile.Read(ref s_lastActivity) > SpinTicks) break;
                // Polite under load: another runnable thread on this core (a test, another process) gets its turn.
                Thread.Yield();
            }
            Thread.SpinWait(16);
        }
        Interlocked.Increment(ref s_sleepers);
        // Checked after announcing the sleep, so a region published meanwhile is not missed.
        long current = Volatile.Read(ref s_generation);
        if (current == seen)
        {
            Wake.Wait();
            Volatile.Write(ref s_wakePending, 0);
            Interlocked.Increment(ref s_wakes);
        }
        Interlocked.Decrement(ref s_sleepers);
        return Volatile.Read(ref s_generation);
    }
}

/// <summary>The body of a <see cref="WorkerTeam"/> region: called once for every item index.</summary>
public interface ITeamBody
{
    void Run(int i);
}

/// <summary>A delegate as a region body, for callers that already hold one.</summary>
internal readonly struct ActionBody(Action<int> body) : ITeamBody
{
    public void Run(int i) => body(i);
}

/// <summary>
/// Counts of the worker team: parallel regions, regions run on their caller alone, wake-ups of blocked workers,
/// regions whose caller waited at the end for another thread's item and the ticks it waited, and items workers ran.
/// </summary>
internal readonly record struct TeamCounters(long Regions, long Inline, long Wakes, long Waits = 0, long WaitTicks = 0, long WorkerItems = 0)
{
    public static TeamCounters operator -(TeamCounters a, TeamCounters b) =>
        new(a.Regions - b.Regions, a.Inline - b.Inline, a.Wakes - b.Wakes, a.Waits - b.Waits, a.WaitTicks - b.WaitTicks, a.WorkerItems - b.WorkerItems);
}
