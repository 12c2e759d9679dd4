namespace CamSharp.KernelChecks;

/// <summary>
/// Prints the kernel paths this process chose (first line, <c>paths: …</c>), then one line per
/// failed comparison, then <c>checked N, failed F</c>. Exit code 0 when all kernels match.
/// </summary>
internal static class Program
{
    private static int Main()
    {
        Console.WriteLine($"paths: {CamSharp.Tensors.Kernels.KernelPaths.Describe()}");
        var report = TwinChecks.RunAll();
        foreach (var failure in report.Failures) Console.WriteLine($"FAIL {failure}");
        Console.WriteLine($"checked {report.Checked}, failed {report.Failures.Count}");
        return report.Failures.Count == 0 ? 0 : 1;
    }
}
