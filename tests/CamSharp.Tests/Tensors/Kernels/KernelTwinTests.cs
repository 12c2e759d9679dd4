using System.Diagnostics;
using CamSharp.KernelChecks;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

/// <summary>
/// Every SIMD kernel equals its scalar twin (≤ 1e-5 relative) — here with the machine's widest
/// vectors, and in child processes with wide vectors switched off. The JIT fixes the vector
/// paths at start-up, so the narrow cases need their own process (tests/CamSharp.KernelChecks),
/// which reports the paths it took; each case asserts the fallback was really taken.
/// </summary>
public sealed class KernelTwinTests
{
    [Fact]
    public void AllKernels_WidestVectors_MatchScalarTwins()
    {
        var report = TwinChecks.RunAll();
        Assert.True(report.Checked > 300, $"only {report.Checked} comparisons ran");
        Assert.Empty(report.Failures);
    }

    /// <summary>Switches, and the GEMM kernel and vector width the child must report. (.NET 10 reads DOTNET_EnableAVX512; EnableAVX512F is ignored.)</summary>
    public static TheoryData<string, string, string> NarrowConfigurations() => new()
    {
        { "DOTNET_EnableAVX512=0", "gemm=Avx2", "vector-bits=256" },
        { "DOTNET_EnableAVX2=0", "gemm=Scalar", "vector-bits=128" },
        { "DOTNET_EnableHWIntrinsic=0", "gemm=Scalar", "vector-bits=0" },
    };

    [Theory]
    [MemberData(nameof(NarrowConfigurations))]
    public void AllKernels_WideVectorsOff_TakeFallbackAndMatchScalarTwins(string setting, string gemm, string vectors)
    {
        var (code, output) = RunChecks(setting);
        string paths = output.Split('\n')[0];
        Assert.Contains(gemm, paths);
        Assert.Contains(vectors, paths);
        Assert.True(code == 0, output);
        Assert.Contains("failed 0", output);
    }

    [Fact]
    public void InProcess_PathsReport_WidestSupported()
    {
        Assert.Equal(Sgemm.Selected, KernelPaths.Gemm);
        Assert.StartsWith($"gemm={Sgemm.Selected} ", KernelPaths.Describe());
    }

    private static (int Code, string Output) RunChecks(string setting)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "CamSharp.KernelChecks.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing (tests/CamSharp.KernelChecks is a project reference)");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        var (name, value) = (setting.Split('=')[0], setting.Split('=')[1]);
        start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
