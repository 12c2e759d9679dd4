using System.Runtime.InteropServices;

namespace CamSharp.Bench;

/// <summary>
/// CPU time (user + sys, seconds) of this process's finished children (getrusage(RUSAGE_CHILDREN), Linux): taken
/// before and after one child runs, the difference is that child's CPU time, the steadier figure beside its wall
/// time on a shared machine.
/// </summary>
internal static partial class ChildCpu
{
    private const int Children = -1;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    // struct rusage: two timevals, then fourteen longs.
    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct Usage
    {
        public TimeVal User;
        public TimeVal System;
        public fixed long Rest[14];
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRUsage(int who, out Usage usage);

    public static double Seconds()
    {
        if (GetRUsage(Children, out var u) != 0) throw new BenchFailure("getrusage(RUSAGE_CHILDREN) failed");
        return u.User.Seconds + u.User.Microseconds * 1e-6 + u.System.Seconds + u.System.Microseconds * 1e-6;
    }
}
