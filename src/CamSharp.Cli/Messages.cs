namespace CamSharp.Cli;

/// <summary>
/// What the commands tell the user, in one place: "wrote …" on stdout, warnings and notes on
/// stderr. While a progress bar shows on a terminal, a message clears the bar, takes the line,
/// and the bar is drawn again below it; "wrote …" lines are then left to the end-of-run summary,
/// so the bar stays one line. Warnings said once per run are said once (<see cref="WarnOnce"/>).
/// </summary>
internal static class Messages
{
    /// <summary>Serialises console writes of messages and the progress bar.</summary>
    internal static readonly object Gate = new();

    private static ProgressLine? _bar;
    private static readonly HashSet<string> Said = [];

    internal static void Attach(ProgressLine bar) => _bar = bar;

    internal static void Detach(ProgressLine bar)
    {
        if (ReferenceEquals(_bar, bar)) _bar = null;
    }

    /// <summary>Forgets the warnings said (a new command starts).</summary>
    internal static void Reset()
    {
        lock (Gate) Said.Clear();
    }

    /// <summary>"wrote PATH (detail)": on stdout, or only counted while a bar shows.</summary>
    public static void Wrote(string path, string? detail = null)
    {
        lock (Gate)
        {
            if (_bar is null) Console.WriteLine($"wrote {path}{(detail is null ? "" : $" ({detail})")}");
        }
    }

    /// <summary>A line on stdout (a table, JSON), above the bar if one shows.</summary>
    public static void Out(string line) => Above(() => Console.WriteLine(line));

    public static void Warning(string text) => Above(() => Console.Error.WriteLine($"warning: {text}"));

    public static void Note(string text) => Above(() => Console.Error.WriteLine($"note: {text}"));

    /// <summary>A plain line on stderr ("target layers: …").</summary>
    public static void Info(string text) => Above(() => Console.Error.WriteLine(text));

    /// <summary>A warning said at most once per run, however many inputs raise it.</summary>
    public static void WarnOnce(string text)
    {
        lock (Gate)
            if (!Said.Add(text)) return;
        Warning(text);
    }

    private static void Above(Action write)
    {
        lock (Gate)
        {
            _bar?.Clear();
            write();
            _bar?.Redraw();
        }
    }
}
