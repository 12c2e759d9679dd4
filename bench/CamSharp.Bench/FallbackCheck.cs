using System.Diagnostics;
using CamSharp.KernelChecks;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Bench;

/// <summary>
/// Runs the kernel-versus-twin checks (tests/CamSharp.KernelChecks) here and in child processes
/// with wide vectors switched off, and fails unless each child reports the fallback path it was
/// meant to take and all its kernels match. (.NET 10 reads DOTNET_EnableAVX512; the older
/// DOTNET_EnableAVX512F is ignored, which is why the path is checked, not assumed.)
/// </summary>
internal static class FallbackCheck
{
    private static readonly (string Setting, string Gemm, string Vectors)[] Configurations =
    [
        ("DOTNET_EnableAVX512=0", "gemm=Avx2", "vector-bits=256"),
        ("DOTNET_EnableAVX2=0", "gemm=Scalar", "vector-bits=128"),
        ("DOTNET_EnableHWIntrinsic=0", "gemm=Scalar", "vector-bits=0"),
    ];

    public static void Run(string[] args)
    {
        foreach (var line in Verify()) Console.WriteLine(line);
    }

    /// <summary>One line per configuration; throws <see cref="BenchFailure"/> on a wrong path or a mismatch.</summary>
    public static IEnumerable<string> Verify()
    {
        var here = TwinChecks.RunAll();
        if (here.Failures.Count > 0) throw new BenchFailure($"kernels differ from their scalar twins: {here.Failures[0]}");
        yield return $"kernels, this process ({KernelPaths.Describe()}): {here.Checked} twin checks pass";
        foreach (var (setting, gemm, vectors) in Configurations)
        {
            var (code, output) = Child(setting);
            string paths = output.Split('\n')[0].Trim();
            if (!paths.Contains(gemm) || !paths.Contains(vectors))
                throw new BenchFailure($"with {setting} the kernels did not fall back: expected {gemm} {vectors}, child reported '{paths}'");
            if (code != 0) throw new BenchFailure($"with {setting} kernels differ from their scalar twins:\n{output}");
            string summary = output.Split('\n').Last(l => l.StartsWith("checked", StringComparison.Ordinal)).Trim();
            yield return $"kernels, child with {setting} ({paths["paths: ".Length..]}): {summary}";
        }
    }

    private static (int Code, string Output) Child(string setting)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "CamSharp.KernelChecks.dll");
        if (!File.Exists(dll)) throw new BenchFailure($"{dll} is missing; build the bench (it references tests/CamSharp.KernelChecks).");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment[setting.Split('=')[0]] = setting.Split('=')[1];
        using var process = Process.Start(start) ?? throw new BenchFailure("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
