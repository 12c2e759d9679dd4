using System.Diagnostics;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// `camsharp cam` killed halfway through a folder: every output file present decodes fully.
/// A temporary file of the write in progress may remain; it is named as one
/// (<see cref="AtomicFile.IsTempFile"/>) and the next run in that folder removes it.
/// </summary>
public sealed class CamKillTests
{
    [Fact]
    public void Cam_KilledHalfwayThroughAFolder_LeavesOnlyCompleteOutputs()
    {
        string dir = CliRunner.TempDir(), inputs = Path.Combine(dir, "in"), outputs = Path.Combine(dir, "out");
        Directory.CreateDirectory(inputs);
        const int count = 400;
        for (int i = 0; i < count; i++) File.Copy(Fixtures.File("inputs/d96_a.png"), Path.Combine(inputs, $"img{i:D3}.png"));

        var psi = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "CamSharp.Cli.dll"), "cam", inputs, "--model", Fixtures.File("models/digitcnn.onnx"),
            "--out-dir", outputs, "--workers", "2", "--method", "gradcam,eigencam" })
            psi.ArgumentList.Add(a);
        using var cli = Process.Start(psi)!;
        cli.OutputDataReceived += (_, _) => { };
        cli.ErrorDataReceived += (_, _) => { };
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();

        // Kill once a few pictures are out, while the rest are still being made.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (Outputs(outputs).Length < 5 && !cli.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(10);
        if (cli.HasExited) Assert.Fail($"the CLI ended before it could be killed (exit {cli.ExitCode})");
        cli.Kill(entireProcessTree: true);
        cli.WaitForExit();

        var finished = Outputs(outputs);
        Assert.InRange(finished.Length, 5, count - 1);
        foreach (var file in finished)
        {
            var image = ImageDecoder.Load(file);
            Assert.True(image.Width > 0 && image.Height > 0, file);
        }
        var leftovers = Directory.EnumerateFiles(outputs).Except(finished).ToArray();
        Assert.All(leftovers, f => Assert.True(AtomicFile.IsTempFile(f), $"unexpected file {f}"));
        AtomicFile.RemoveStale(outputs);
        Assert.Empty(Directory.EnumerateFiles(outputs).Except(finished));
    }

    private static string[] Outputs(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.png").Where(f => !AtomicFile.IsTempFile(f)).ToArray() : [];

    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
