using System.Diagnostics;
using CamSharp;
using CamSharp.Imaging;
using CamSharp.MutationRun;
using CamSharp.Tensors;

/// <summary>
/// Loads each huge-claim file of <see cref="HostileFiles"/> through the public API in a fresh
/// process and reports how long the refusal took and the process's peak resident memory.
/// </summary>
internal static class Hostile
{
    private static readonly string[] Kinds = ["model-2pow40-weight", "model-2pow40-plan", "png-100000x100000", "npy-1gb-header", "npy-huge-shape"];

    public static int RunAll()
    {
        foreach (var kind in Kinds)
        {
            using var p = Process.Start(Self.StartInfo("--hostile-one", kind))!;
            Console.Write(p.StandardOutput.ReadToEnd());
            p.WaitForExit();
        }
        return 0;
    }

    public static int RunOne(string kind)
    {
        byte[] bytes = kind switch
        {
            "model-2pow40-weight" => HostileFiles.ModelWith2Pow40Weight(),
            "model-2pow40-plan" => HostileFiles.ModelPlanning2Pow40Tensor(),
            "png-100000x100000" => HostileFiles.PngClaiming100000Squared(),
            "npy-1gb-header" => HostileFiles.NpyWith1GBHeader(),
            _ => HostileFiles.NpyClaimingHugeShape(),
        };
        string path = Path.Combine(Path.GetTempPath(), $"camsharp-hostile-{Environment.ProcessId}{(kind.StartsWith("png") ? ".png" : kind.StartsWith("npy") ? ".npy" : ".onnx")}");
        File.WriteAllBytes(path, bytes);
        long rssBefore = PeakRssKiB();
        var watch = Stopwatch.StartNew();
        string outcome;
        try
        {
            if (kind.StartsWith("model")) Model.Load(path);
            else if (kind.StartsWith("png")) ImageDecoder.Load(path);
            else Npy.ReadFile(path);
            outcome = "LOADED (not refused!)";
        }
        catch (Exception e)
        {
            outcome = $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
        }
        watch.Stop();
        File.Delete(path);
        Console.WriteLine($"{kind,-22} {bytes.Length,6} bytes  refused in {watch.Elapsed.TotalMilliseconds,7:F1} ms  peak RSS {PeakRssKiB() / 1024.0,6:F1} MiB (at start {rssBefore / 1024.0:F1})  {outcome}");
        return 0;
    }

    /// <summary>VmHWM from /proc/self/status (Linux); the working-set peak elsewhere.</summary>
    private static long PeakRssKiB()
    {
        const string file = "/proc/self/status";
        if (File.Exists(file))
            foreach (var line in File.ReadLines(file))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]);
        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024;
    }
}
