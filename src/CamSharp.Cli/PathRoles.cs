using System.CommandLine;
using CamSharp.Files;

namespace CamSharp.Cli;

/// <summary>
/// Which arguments of a command name files it reads and which name files it writes, by the
/// flag's name, so every command gets the same check before any work: no output on an input,
/// inside an input folder, on another output, or on a folder or special file
/// (<see cref="PathCollisions"/>). Outputs derived from inputs (one per image in --out-dir) are
/// caught when written, by <see cref="InputGuard"/>.
/// </summary>
internal static class PathRoles
{
    private static readonly HashSet<string> InputOptions = ["--model", "--input-tensor", "--labels", "--boxes"];
    private static readonly HashSet<string> OutputFileOptions = ["--save-path", "--save-raw", "--save-input", "--out", "--out-file"];
    private static readonly HashSet<string> OutputFolderOptions = ["--out-dir", "--save-outputs"];

    /// <summary>Checks the paths typed on the command line; throws <see cref="UnsafePathException"/>.</summary>
    public static void Check(ParseResult parsed)
    {
        var check = new PathCollisions();
        var command = parsed.CommandResult.Command;
        // An empty or blank value names no file, layer or choice: say which flag got it.
        foreach (var symbol in command.Arguments.Cast<System.CommandLine.Symbol>().Concat(command.Options))
        {
            var result = parsed.GetResult(symbol);
            if (result?.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)) == true)
                throw new CliException($"{(symbol is Option o ? o.Name : $"<{symbol.Name}>")} was given an empty value.");
        }
        foreach (var argument in command.Arguments)
            foreach (var token in Tokens(parsed.GetResult(argument)))
                check.Input(token, argument.Name);
        foreach (var option in command.Options)
        {
            var tokens = Tokens(parsed.GetResult(option));
            foreach (var token in tokens)
            {
                if (InputOptions.Contains(option.Name)) check.Input(token, option.Name);
                else if (OutputFileOptions.Contains(option.Name)) check.OutputFile(token, option.Name);
                else if (OutputFolderOptions.Contains(option.Name)) check.OutputFolder(token, option.Name);
            }
        }
        check.Check();
    }

    /// <summary>Checks outputs a command derives itself (a default folder, names made from inputs) against its inputs.</summary>
    public static void CheckDerived(IEnumerable<string> inputs, IEnumerable<string> outputFiles, string? outputFolder)
    {
        var check = new PathCollisions();
        foreach (var input in inputs) check.Input(input, "input");
        foreach (var file in outputFiles) check.OutputFile(file, "output");
        if (outputFolder is not null) check.OutputFolder(outputFolder, "output folder");
        check.Check();
    }

    private static IEnumerable<string> Tokens(System.CommandLine.Parsing.SymbolResult? result) =>
        result?.Tokens.Select(t => t.Value).Where(v => v.Length > 0) ?? [];
}
