using System.Reflection;

namespace CamSharp.Cli;

/// <summary>
/// <c>camsharp --version</c> answered before the command tree is built: it is the start-up people time,
/// and building every command's options would be most of it. Prints what System.CommandLine's own
/// version option prints (the informational version); any other arguments go the normal way.
/// </summary>
internal static class QuickVersion
{
    public static bool TryPrint(string[] args)
    {
        if (args is not ["--version"]) return false;
        Console.Out.WriteLine(Text);
        return true;
    }

    public static string Text =>
        typeof(QuickVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(QuickVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
