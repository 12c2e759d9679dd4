using System.Text.Json;

namespace CamSharp.Bench;

/// <summary>Reference timings from ../shared/fixtures: PyTorch (baseline.json) and ONNX Runtime (real/ort_baseline.json).</summary>
internal static class References
{
    public static string Shared { get; } = FindShared();

    /// <summary>PyTorch's in-process median (seconds) for a model and task label ("forward", "gradcam", …), or null.</summary>
    public static double? PyTorch(string model, string task)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Shared, "fixtures", "baseline.json")));
        foreach (var row in doc.RootElement.GetProperty("rows").EnumerateArray())
            if (row.GetProperty("model").GetString() == model && string.Equals(row.GetProperty("task").GetString(), task, StringComparison.OrdinalIgnoreCase))
                return row.GetProperty("in_process").GetProperty("median_s").GetDouble();
        return null;
    }

    /// <summary>A GEMM 2048³ median (seconds) from baseline.json's "gemm" section ("onednn_linear", …), or null.</summary>
    public static double? Gemm(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Shared, "fixtures", "baseline.json")));
        return doc.RootElement.GetProperty("gemm").TryGetProperty(name, out var row) ? row.GetProperty("median_s").GetDouble() : null;
    }

    /// <summary>The CPU the reference figures were measured on (baseline.json's machine.cpu).</summary>
    public static string Machine()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Shared, "fixtures", "baseline.json")));
        return doc.RootElement.GetProperty("machine").GetProperty("cpu").GetString() ?? "?";
    }

    /// <summary>ONNX Runtime's forward median (seconds) for a model, or null.</summary>
    public static double? OnnxRuntime(string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Shared, "fixtures", "real", "ort_baseline.json")));
        foreach (var row in doc.RootElement.GetProperty("summary").GetProperty("rows").EnumerateArray())
            if (row.GetProperty("name").GetString() == model) return row.GetProperty("median_ms").GetDouble() / 1000;
        return null;
    }

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        throw new InvalidOperationException("Run the bench from inside the repository (CamSharp.slnx not found above the binary).");
    }
}
