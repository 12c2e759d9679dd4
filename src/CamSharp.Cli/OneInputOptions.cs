using System.CommandLine;

namespace CamSharp.Cli;

/// <summary>
/// Options that write one file for one input (--save-input): given with several images or a
/// folder, each input would overwrite the last one's file, so they are refused before any work.
/// </summary>
internal static class OneInputOptions
{
    private static readonly string[] Names = ["--save-input"];

    public static void Check(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var images = command.Arguments.FirstOrDefault(a => a.Name == "images");
        var given = images is null ? [] : parsed.GetResult(images)?.Tokens.Select(t => t.Value).ToArray() ?? [];
        if (given.Length <= 1 && !given.Any(Directory.Exists)) return;
        foreach (var option in command.Options.Where(o => Names.Contains(o.Name)))
            if (parsed.GetResult(option)?.Tokens.Count > 0)
                throw new CliException($"{option.Name} writes the tensor of one input, but {(given.Length > 1 ? $"{given.Length} inputs were given" : $"folder '{given[0]}' was given")}: give one image.");
    }
}
