namespace CamSharp.Cli;

/// <summary>A value typed by the user, as a message repeats it: cut to a readable length, control characters shown as '?'.</summary>
internal static class Shown
{
    public const int MaxChars = 60;

    public static string Value(string text, int maxChars = MaxChars)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= maxChars ? clean : $"{clean[..(maxChars - 1)]}…";
    }

    /// <summary>As many of <paramref name="items"/> as fit in about <paramref name="budget"/> characters, joined by ", ".</summary>
    public static string List(IEnumerable<string> items, int budget = 180)
    {
        var kept = new List<string>();
        int length = 0;
        foreach (var item in items)
        {
            if (kept.Count > 0 && length + item.Length > budget) break;
            kept.Add(item);
            length += item.Length + 2;
        }
        return string.Join(", ", kept);
    }
}
