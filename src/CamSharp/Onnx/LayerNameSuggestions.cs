namespace CamSharp.Onnx;

/// <summary>
/// Picks the names closest to one a user mistyped: names that extend it first, then by
/// edit distance, keeping the candidates' own order on ties.
/// </summary>
internal static class LayerNameSuggestions
{
    public static IReadOnlyList<string> Closest(string asked, IEnumerable<string> candidates, int count)
    {
        string key = asked.Trim().Trim('/');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var scored = new List<(bool Prefix, int Distance, int Order, string Name)>();
        foreach (var c in candidates)
        {
            if (!seen.Add(c)) continue;
            bool prefix = key.Length > 0 && c.StartsWith(key, StringComparison.OrdinalIgnoreCase);
            int distance = prefix ? Math.Abs(c.Length - key.Length) : CamSharp.EditDistance.Between(key, c);
            scored.Add((prefix, distance, scored.Count, c));
        }
        // Very distant names are noise; keep them only when nothing better exists.
        int limit = Math.Max(3, key.Length / 2);
        var good = scored.Where(s => s.Prefix || s.Distance <= limit).ToList();
        return (good.Count > 0 ? good : scored)
            .OrderBy(s => s.Prefix ? 0 : 1).ThenBy(s => s.Distance).ThenBy(s => s.Order)
            .Take(count).Select(s => s.Name).ToList();
    }
}
