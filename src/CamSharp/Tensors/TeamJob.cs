using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace CamSharp.Tensors;

/// <summary>
/// The one region a <see cref="WorkerTeam"/> runs at a time: the items still to claim, how
/// many are finished, and the seats left for workers. It is reused from region to region, so
/// a worker that read it late must never see a half-reset region: seats are closed before the
/// fields change and opened last, and the caller waits until no worker is inside.
/// </summary>
internal sealed unsafe class TeamJob
{
    /// <summary>Seats of a closed region: far below zero, so late joiners' decrements never reopen it.</summary>
    private const int Closed = int.MinValue / 2;

    private int _count;
    private void* _body;
    private delegate*<void*, int, void> _call;
    private int _next;
    private int _done;
    private int _seats = Closed;
    private int _inside;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Ticks the caller spent at the end of regions waiting for items other threads still held (bench diagnosis).</summary>
    public long WaitTicks { get; private set; }

    /// <summary>Regions whose caller had to wait for another thread's item.</summary>
    public long Waits { get; private set; }

    /// <summary>Items run by workers rather than the caller.</summary>
    public long WorkerItems => Volatile.Read(ref _workerItems);

    private long _workerItems;

    /// <summary>Sets up a region of <paramref name="count"/> items; the caller publishes it afterwards.</summary>
    public void Open(int count, void* body, delegate*<void*, int, void> call, int seats)
    {
        _count = count;
        _body = body;
        _call = call;
        _next = 0;
        _done = 0;
        _failure = null;
        Volatile.Write(ref _seats, seats);
    }

    /// <summary>A worker takes part if the region still has a free seat.</summary>
    public void Join()
    {
        Interlocked.Increment(ref _inside);
        if (Interlocked.Decrement(ref _seats) >= 0) Interlocked.Add(ref _workerItems, Work());
        Interlocked.Decrement(ref _inside);
    }

    /// <summary>Claims and runs items until none are left; returns how many this thread ran.</summary>
    public int Work()
    {
        int i, count = _count, ran = 0;
        while ((i = Interlocked.Increment(ref _next) - 1) < count)
        {
            try
            {
                _call(_body, i);
            }
            catch (Exception e)
            {
                lock (this) _failure ??= ExceptionDispatchInfo.Capture(e);
            }
            Interlocked.Increment(ref _done);
            ran++;
        }
        return ran;
    }

    /// <summary>
    /// The caller's end of a region: waits for items other threads are still running, closes
    /// the seats, waits until no worker is inside, and rethrows the first failure.
    /// </summary>
    public void Close()
    {
        var spin = new SpinWait();
        if (Volatile.Read(ref _done) < _count)
        {
            // The barrier's cost: the caller ran out of items while another thread still holds one.
            long start = Stopwatch.GetTimestamp();
            while (Volatile.Read(ref _done) < _count) spin.SpinOnce(sleep1Threshold: -1);
            WaitTicks += Stopwatch.GetTimestamp() - start;
            Waits++;
        }
        Interlocked.Exchange(ref _seats, Closed);
        while (Volatile.Read(ref _inside) > 0) spin.SpinOnce(sleep1Threshold: -1);
        _body = null;
        var failure = _failure;
        _failure = null;
        failure?.Throw();
    }
}
