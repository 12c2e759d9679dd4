using System.CommandLine;

namespace CamSharp.Cli;

/// <summary>
/// Options that would change nothing given the rest of the command line are never dropped in
/// silence: a harmless one gets a one-line warning, a contradiction is refused.
/// </summary>
internal static class IgnoredOptions
{
    /// <summary>The preprocessing flags, which a prepared tensor (--input-tensor) skips.</summary>
    private static readonly string[] ImageOnly = ["--preprocess", "--mean", "--std", "--bgr", "--letterbox", "--pad-value", "--scale", "--at-input-size"];

    /// <summary>Whether --batch-size means anything to this method (the catalogue's <see cref="Explain.MethodInfo.BatchesMaskedInputs"/>).</summary>
    public static bool Batches(string method) => Explain.CamMethods.Contains(method) && Explain.CamMethods.Info(method).BatchesMaskedInputs;

    /// <summary>Whether the user typed the option (rather than it taking its default).</summary>
    public static bool Given(ParseResult parsed, Option option) => parsed.GetResult(option) is { Implicit: false };

    /// <summary>The option as the user spelled it (an alias such as --save-path), else its name.</summary>
    public static string Spelled(ParseResult parsed, Option option) =>
        parsed.GetResult(option)?.IdentifierToken?.Value is { Length: > 0 } typed ? typed : option.Name;

    /// <summary>"warning: --topk is ignored: why" when <paramref name="ignored"/> and the option was typed.</summary>
    public static void WarnIf(ParseResult parsed, bool ignored, Option option, string why)
    {
        if (ignored && Given(parsed, option)) Messages.WarnOnce($"{option.Name} is ignored: {why}");
    }

    /// <summary>Refuses an option that contradicts the rest of the command line.</summary>
    public static void RefuseIf(ParseResult parsed, bool contradiction, Option option, string why)
    {
        if (contradiction && Given(parsed, option)) throw new CliException($"{option.Name} {why}");
    }

    /// <summary>Checks every command shares: image preprocessing flags next to a prepared tensor.</summary>
    public static void CheckShared(ParseResult parsed)
    {
        var options = parsed.CommandResult.Command.Options;
        if (options.FirstOrDefault(o => o.Name == "--input-tensor") is not { } tensor || !Given(parsed, tensor)) return;
        foreach (var option in options.Where(o => ImageOnly.Contains(o.Name)))
            WarnIf(parsed, true, option, "--input-tensor feeds a prepared tensor, so there is no image to prepare or draw on.");
    }
}
