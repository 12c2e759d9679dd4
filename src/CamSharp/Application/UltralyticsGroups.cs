using CamSharp.Onnx;

namespace CamSharp.Application;

/// <summary>
/// MMYOLO's layer names for Ultralytics exports, whose modules are only <c>model.0</c> …
/// <c>model.N</c>: <c>backbone</c> is every module before the first upsampling, <c>head</c>
/// the last module (Detect), <c>neck</c> what lies between. A group's outputs are the values
/// made inside it and read outside it, in graph order — the backbone's three stage outputs.
/// MMYOLO's backbone parts resolve too: <c>backbone.stem</c> is <c>model.0</c>, and
/// <c>backbone.stage1</c> … <c>backbone.stage4</c> end at <c>model.2</c>, <c>model.4</c>,
/// <c>model.6</c> and the last backbone module (SPPF, or C2PSA on YOLO11): each stage is a
/// downsampling Conv and its block, the last one with what follows it before the neck.
/// </summary>
internal static class UltralyticsGroups
{
    public static readonly IReadOnlyList<string> Names = ["backbone", "neck", "head"];

    /// <summary>The group's outputs, or null when the model is not laid out as <c>model.N</c> or the name is no group.</summary>
    public static IReadOnlyList<string>? Resolve(Model model, string name)
    {
        bool part = StagePart(name) is not null;
        if (!Names.Contains(name) && !part || model.Modules.Find(name) is not null) return null;
        var top = model.Modules.TopLevel;
        if (top.Count < 3 || !top.All(m => IsNumbered(m.Path))) return null;
        int firstUpsample = top.ToList().FindIndex(m => m.Nodes.Any(n => n.OpType is "Resize" or "Upsample"));
        if (firstUpsample <= 0) return null;
        if (part)
        {
            // Four stages after the stem (MMYOLO's P5 backbones); the fourth takes every module up to the neck.
            int stage = StagePart(name)!.Value;
            if (firstUpsample < 9) return null;
            int last = stage == 0 ? 0 : stage < 4 ? 2 * stage : firstUpsample - 1;
            return model.Modules.Resolve(top[last].Path);
        }
        var members = name switch
        {
            "backbone" => top.Take(firstUpsample),
            "neck" => top.Skip(firstUpsample).Take(top.Count - 1 - firstUpsample),
            _ => top.Skip(top.Count - 1),
        };
        return Outputs(model, members.ToList());
    }

    /// <summary>0 for <c>backbone.stem</c>, k for <c>backbone.stagek</c> (1..4), else null.</summary>
    private static int? StagePart(string name) => name switch
    {
        "backbone.stem" => 0,
        _ when name.StartsWith("backbone.stage", StringComparison.Ordinal) && int.TryParse(name.AsSpan(14), out int k) && k is >= 1 and <= 4 => k,
        _ => null,
    };

    private static bool IsNumbered(string path) =>
        path.StartsWith("model.", StringComparison.Ordinal) && int.TryParse(path.AsSpan(6), out _);

    private static IReadOnlyList<string>? Outputs(Model model, IReadOnlyList<Module> members)
    {
        var inside = members.SelectMany(m => m.Nodes).ToHashSet();
        var made = inside.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var readOutside = model.Modules.Nodes.Where(n => !inside.Contains(n)).SelectMany(n => n.Inputs)
            .Concat(model.Graph.OutputNames).ToHashSet(StringComparer.Ordinal);
        var leaving = model.Modules.Nodes.SelectMany(n => n.Outputs)
            .Where(v => made.Contains(v) && readOutside.Contains(v) && model.Modules.IsActivation(v)).Distinct().ToList();
        return leaving.Count > 0 ? leaving : null;
    }
}
