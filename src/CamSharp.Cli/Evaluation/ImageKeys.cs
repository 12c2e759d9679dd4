namespace CamSharp.Cli.Evaluation;

/// <summary>
/// The names an input image goes by in --labels and --boxes files: its path relative to the
/// folder argument it was found in ('/' separators), then its bare file name.
/// </summary>
internal sealed record ImageKeys(string Relative, string FileName)
{
    public IEnumerable<string> Candidates => Relative == FileName ? [Relative] : [Relative, FileName];

    public static ImageKeys For(string file, IReadOnlyList<string> arguments)
    {
        string full = Path.GetFullPath(file);
        foreach (var argument in arguments)
        {
            if (!Directory.Exists(argument)) continue;
            string root = Path.GetFullPath(argument);
            string relative = Path.GetRelativePath(root, full);
            if (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
                return new ImageKeys(Normalise(relative), Path.GetFileName(full));
        }
        return new ImageKeys(Path.GetFileName(full), Path.GetFileName(full));
    }

    /// <summary>A file key as written in a labels or boxes file: '/' separators, no leading './'.</summary>
    public static string Normalise(string name)
    {
        string s = name.Replace('\\', '/');
        while (s.StartsWith("./", StringComparison.Ordinal)) s = s[2..];
        return s;
    }
}
