using System.Runtime.InteropServices;

namespace CamSharp.Bench;

/// <summary>
/// The process's CPU time in nanoseconds (clock_gettime(CLOCK_PROCESS_CPUTIME_ID), Linux).
/// On a shared machine wall time swings with other load; at one thread, CPU time is what the
/// work itself costs, which is why <c>ort --cpu</c> exists.
/// </summary>
internal static partial class CpuClock
{
    private const int ProcessCpuTime = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    public static double Seconds()
    {
        if (ClockGetTime(ProcessCpuTime, out var t) != 0) throw new BenchFailure("clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        return t.Seconds + t.Nanoseconds * 1e-9;
    }
}
