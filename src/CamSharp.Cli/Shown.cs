namespace CamSharp.Cli;

/// <summary>A value typed by the user, as a message repeats it: cut to a readable length, control characters shown as '?'.</summary>
internal static class Shown
{
    public const int MaxChars = 60;

    public static string Value(string text)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length <= MaxChars ? clean : $"{clean[..(MaxChars - 1)]}…";
    }
}
