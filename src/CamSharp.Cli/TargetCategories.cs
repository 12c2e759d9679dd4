using CamSharp.Application;

namespace CamSharp.Cli;

/// <summary>--target-category: classes by index or by name (as the profile or --labels names them).</summary>
internal static class TargetCategories
{
    public static IReadOnlyList<ExplainTarget>? Parse(string[]? given, ModelProfile profile)
    {
        if (given is not { Length: > 0 }) return null;
        return given.Select(text => ExplainTarget.OfClass(Index(text, profile))).ToArray();
    }

    /// <summary>The class indices given (names looked up), or null when none were.</summary>
    public static int[]? Indices(string[]? given, ModelProfile profile) =>
        given is { Length: > 0 } ? given.Select(t => Index(t, profile)).ToArray() : null;

    private static int Index(string text, ModelProfile profile)
    {
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int index))
        {
            // Checked here, before the model runs, when the profile knows the class count.
            if (index < 0 || profile.Classes is int classes && index >= classes)
                throw new CliException($"--target-category {index} is out of range: the model has {(profile.Classes is int k ? $"{k} classes (0..{k - 1})" : "no negative classes")}.");
            return index;
        }
        if (profile.ClassNames is { } names)
        {
            for (int i = 0; i < names.Count; i++)
                if (names[i].Equals(text, StringComparison.OrdinalIgnoreCase)) return i;
            // "tabby" for "tabby cat": a unique word match.
            var partial = Enumerable.Range(0, names.Count).Where(i => names[i].Split(' ', ',').Contains(text, StringComparer.OrdinalIgnoreCase)).ToArray();
            if (partial.Length == 1) return partial[0];
            var close = names.Select((n, i) => (Name: n, Index: i)).Where(x => x.Name.Contains(text, StringComparison.OrdinalIgnoreCase)).Take(5).ToArray();
            throw new CliException($"--target-category '{Shown.Value(text)}' is not a class name{(partial.Length > 1 ? " alone" : "")}.{(close.Length > 0 ? $" Names that contain it: {Shown.List(close.Select(x => $"{x.Index} '{Shown.Value(x.Name, 40)}'"))}." : "")}");
        }
        throw new CliException($"--target-category '{Shown.Value(text)}' is not a number, and the model has no class names to look it up in (give --labels).");
    }
}
