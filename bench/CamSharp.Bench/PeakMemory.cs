namespace CamSharp.Bench;

/// <summary>
/// The process's peak resident set (Linux VmHWM), resettable so each task reports its own peak:
/// writing 5 to /proc/self/clear_refs resets the high-water mark to the current RSS. Elsewhere
/// the figures are unavailable (null).
/// </summary>
internal static class PeakMemory
{
    public static void Reset()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Peak RSS in bytes since the last <see cref="Reset"/>, or null.</summary>
    public static long? Peak()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DirectoryNotFoundException)
        {
        }
        return null;
    }

    public static string Format(long? bytes) => bytes is { } b ? $"{b / (1024.0 * 1024):F0} MB" : "-";
}
