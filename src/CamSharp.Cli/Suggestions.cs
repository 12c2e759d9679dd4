namespace CamSharp.Cli;

/// <summary>"Did you mean …": the known names closest to a mistyped one, by edit distance or prefix.</summary>
internal static class Suggestions
{
    /// <summary>
    /// Up to <paramref name="max"/> candidates: those that start with <paramref name="typed"/>
    /// (an abbreviation), those it starts with ('--score-threshold' for '--score-thr'), then those within an edit distance that grows with the name's length,
    /// closest first.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> candidates, int max = 3)
    {
        string t = Normalise(typed);
        int allowed = Math.Max(2, t.Length / 3);
        return candidates.Distinct(StringComparer.Ordinal)
            .Select(c => (Name: c, Key: Normalise(c)))
            .Select(c => (c.Name, Distance: c.Key.StartsWith(t, StringComparison.Ordinal) && t.Length >= 3 ? 0
                : t.StartsWith(c.Key, StringComparison.Ordinal) && c.Key.Length >= 5 ? 1
                : EditDistance.Between(t, c.Key)))
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(max).Select(c => c.Name).ToArray();
    }

    /// <summary>" Did you mean '--a' or '--b'?" or "" when nothing is close.</summary>
    public static string DidYouMean(string typed, IEnumerable<string> candidates)
    {
        var close = Closest(typed, candidates);
        return close.Count == 0 ? "" : $" Did you mean {string.Join(" or ", close.Select(c => $"'{c}'"))}?";
    }

    /// <summary>Case, leading dashes and '_' versus '-' do not count as typing mistakes.</summary>
    private static string Normalise(string name) => name.TrimStart('-').Replace('_', '-').ToLowerInvariant();
}
