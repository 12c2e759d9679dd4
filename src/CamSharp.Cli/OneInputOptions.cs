using System.CommandLine;

namespace CamSharp.Cli;

/// <summary>
/// Options that write one file for one input (--save-input): given with several images or a
/// folder, each input would overwrite the last one's file, so they are refused before any work.
/// </summary>
internal static class OneInputOptions
{
    private static readonly string[] Names = ["--save-input"];

    /// <summary>
    /// The check before any work; commands that read a video model's frames (those with --frames)
    /// make it themselves once the model says whether several images are one clip (<see cref="CheckClips"/>).
    /// </summary>
    public static void Check(ParseResult parsed)
    {
        if (parsed.CommandResult.Command.Options.Any(o => o.Name == "--frames")) return;
        CheckImages(parsed);
    }

    /// <summary>A video model's clips: one clip may have its tensor saved, several may not; otherwise as for images.</summary>
    public static void CheckClips(ParseResult parsed, int? clips)
    {
        if (clips is null) CheckImages(parsed);
        else if (clips > 1)
            foreach (var option in parsed.CommandResult.Command.Options.Where(o => Names.Contains(o.Name)))
                if (parsed.GetResult(option)?.Tokens.Count > 0)
                    throw new CliException($"{option.Name} writes the tensor of one input, but the frames make {clips} clips: give one clip's frames.");
    }

    private static void CheckImages(ParseResult parsed)
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
