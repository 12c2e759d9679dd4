namespace CamSharp.Cli;

/// <summary>Class names from --labels or the model's metadata.</summary>
internal static class ClassNames
{
    public static IReadOnlyList<string>? For(Model model, string? labelsFile)
    {
        if (labelsFile is null) return model.Onnx.ClassNames;
        return InputFiles.ReadLines(labelsFile, "--labels").Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    public static string Name(IReadOnlyList<string>? names, int index) =>
        names is not null && index < names.Count ? names[index] : $"class {index}";
}
