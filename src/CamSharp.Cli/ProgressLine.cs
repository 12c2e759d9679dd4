namespace CamSharp.Cli;

/// <summary>
/// Progress over several items on stderr. On a terminal, one line redrawn in place with '\r';
/// messages written while it shows (<see cref="Messages"/>) clear it first and redraw it
/// after, so nothing lands on the bar's line. When stderr is not a terminal (a log, a pipe),
/// one plain "[done/total] item" line per item instead, unless the caller prints its own
/// per-item line. One item shows nothing. Workers may report from several threads.
/// </summary>
internal sealed class ProgressLine : IDisposable
{
    /// <summary>Whether stderr is a terminal; tests set it to see the terminal form.</summary>
    internal static Func<bool> IsTerminal { get; set; } = () => !Console.IsErrorRedirected;

    private const int BarWidth = 30;
    private readonly int _total;
    private readonly bool _live, _plainLines;
    private string _shown = "";

    public ProgressLine(int total, bool plainLines = true)
    {
        _total = total;
        _live = total > 1 && IsTerminal();
        _plainLines = total > 1 && !_live && plainLines;
        if (_live) Messages.Attach(this);
    }

    public void Report(int done, string item)
    {
        lock (Messages.Gate)
        {
            if (_live)
            {
                int filled = BarWidth * Math.Clamp(done, 0, _total) / _total;
                Clear();
                _shown = $"[{new string('#', filled)}{new string('.', BarWidth - filled)}] {done}/{_total} {Path.GetFileName(item)}";
                Redraw();
            }
            else if (_plainLines)
                Console.Error.WriteLine($"[{done}/{_total}] {item}");
        }
    }

    /// <summary>Removes the bar so a message can take its line (caller holds <see cref="Messages.Gate"/>).</summary>
    internal void Clear()
    {
        if (_shown.Length > 0) Console.Error.Write("\r" + new string(' ', Math.Min(_shown.Length, 200)) + "\r");
    }

    /// <summary>Draws the bar again after a message (caller holds <see cref="Messages.Gate"/>).</summary>
    internal void Redraw()
    {
        if (_shown.Length == 0) return;
        Console.Error.Write("\r" + (_shown.Length > 200 ? _shown[..200] : _shown));
    }

    public void Dispose()
    {
        lock (Messages.Gate)
        {
            if (_live)
            {
                Clear();
                _shown = "";
                Messages.Detach(this);
            }
        }
    }
}
