using CamSharp.Explain;

namespace CamSharp.Cli;

/// <summary>
/// A method named on the command line (--method, --methods): the catalogue's own name, or a
/// refusal that names the flag, the closest names and where the list is, in one short line
/// (the catalogue's list of every method is longer than a message should be).
/// </summary>
internal static class MethodChoice
{
    public static string Known(string typed, string flag, string command)
    {
        if (CamMethods.Contains(typed)) return CamMethods.Info(typed).Name;
        throw new CliException($"{flag}: unknown method '{Shown.Value(typed)}'.{Suggestions.DidYouMean(typed, CamMethods.All.Select(m => m.Name))} 'camsharp {command} --help' lists the methods.");
    }
}
