namespace CamSharp.Cli;

/// <summary>Class names from --labels, else the model's profile (its metadata, or a bundled list that fits).</summary>
internal static class ClassNames
{
    public static IReadOnlyList<string>? For(Model model, string? labelsFile)
    {
        return FromFile(labelsFile) ?? model.Profile.ClassNames;
    }

    /// <summary>The names in a --labels file, or null when none was given.</summary>
    public static IReadOnlyList<string>? FromFile(string? labelsFile)
    {
        if (labelsFile is null) return null;
        return InputFiles.ReadLines(labelsFile, "--labels").Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    public static string Name(IReadOnlyList<string>? names, int index) =>
        names is not null && index < names.Count ? names[index] : $"class {index}";
}
