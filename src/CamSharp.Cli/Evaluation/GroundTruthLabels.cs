namespace CamSharp.Cli.Evaluation;

/// <summary>
/// <c>evaluate --labels FILE.csv</c>: the class to explain for each image, one <c>filename,class</c>
/// line each. The filename is the image's path relative to the folder given on the command line
/// (with '/' separators) or its bare file name; the class is an index or one of the model's class
/// names. An optional first line <c>filename,class</c> is a header; blank lines and lines starting
/// with '#' are skipped.
/// </summary>
internal sealed class GroundTruthLabels
{
    private readonly Dictionary<string, int> _classes;

    private GroundTruthLabels(Dictionary<string, int> classes) => _classes = classes;

    public static GroundTruthLabels Load(string path, IReadOnlyList<string>? classNames)
    {
        var classes = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = InputFiles.ReadLines(path, "--labels");
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var parts = line.Split(',');
            if (parts.Length != 2) throw new CliException($"--labels {path} line {i + 1}: expected 'filename,class', got '{line}'.");
            string name = ImageKeys.Normalise(parts[0].Trim()), cls = parts[1].Trim();
            if (i == 0 && name == "filename" && cls == "class") continue;
            classes[name] = ParseClass(cls, classNames) ?? throw new CliException(
                $"--labels {path} line {i + 1}: class '{cls}' is neither an index nor one of the model's class names.");
        }
        if (classes.Count == 0) throw new CliException($"--labels {path} lists no images.");
        return new GroundTruthLabels(classes);
    }

    /// <summary>The image's class, looked up by its relative path, then by its file name.</summary>
    public int? ClassOf(ImageKeys keys) => keys.Candidates.Select(k => _classes.TryGetValue(k, out int c) ? c : (int?)null).FirstOrDefault(c => c is not null);

    private static int? ParseClass(string text, IReadOnlyList<string>? names)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index) && index >= 0) return index;
        if (names is null) return null;
        for (int k = 0; k < names.Count; k++)
            if (string.Equals(names[k], text, StringComparison.OrdinalIgnoreCase)) return k;
        return null;
    }
}
