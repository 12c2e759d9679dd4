using System.Text.Json;

namespace CamSharp.TorchvisionSweep;

/// <summary>One model folder written by export_sweep.py: its meta.json and the reference files beside it.</summary>
internal sealed record SweepCase(string Folder, string Name, string Kind, string Variant, IReadOnlyDictionary<string, string> Layers,
    string? CamLayer, string? CamReshape, int? TargetClass, IReadOnlyDictionary<string, string> Exports)
{
    public static SweepCase Read(string folder)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(folder, "meta.json")));
        var r = doc.RootElement;
        string? Str(string key) => r.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var layers = r.TryGetProperty("layers", out var l)
            ? l.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)
            : new Dictionary<string, string>();
        var exports = r.GetProperty("exports").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        int? target = r.TryGetProperty("target_class", out var t) ? t.GetInt32() : null;
        return new SweepCase(folder, Str("name")!, Str("kind")!, Str("variant") ?? "fp32", layers, Str("cam_layer"), Str("cam_reshape"), target, exports);
    }

    public string File(string name) => Path.Combine(Folder, name);

    public bool Has(string name) => System.IO.File.Exists(File(name));
}
