using System.CommandLine;
using CamSharp.Cli.Commands;

namespace CamSharp.Cli;

internal static class Program
{
    internal static int Main(string[] args)
    {
        if (QuickVersion.TryPrint(args)) return ExitCodes.Ok;
        var root = new RootCommand($"CamSharp: feature maps and class activation maps for ONNX vision models.\nOne image writes --out-file; several images or a folder write --out-dir (subfolders mirrored, names kept); with neither, outputs go to {OutputPlan.DefaultRoot}/<command>/.");
        root.Options.Add(CommonOptions.Verbose);
        foreach (var command in Commands()) root.Subcommands.Add(command);

        Messages.Reset();
        try
        {
            args = ArgumentPreflight.Check(root, args);
        }
        catch (CliException e)
        {
            Console.Error.WriteLine($"error: {CliErrors.Compact(e.Message)}");
            return ExitCodes.Error;
        }
        // Plain 'camsharp' (or only --verbose): what there is to run.
        if (args.All(a => a is "--verbose" or "-v")) return root.Parse(["--help"]).Invoke();

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {CliErrors.Compact(ParseErrors.Plain(error.Message))}");
            Console.Error.WriteLine("Run 'camsharp --help' or 'camsharp <command> --help' for usage.");
            return ExitCodes.Error;
        }
        bool verbose = parsed.GetValue(CommonOptions.Verbose);
        // Files read during the command are never replaced by its outputs.
        using var guard = Files.InputGuard.Begin();
        try
        {
            PathRoles.Check(parsed);
            OneInputOptions.Check(parsed);
            IgnoredOptions.CheckShared(parsed);
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CliErrors.Report(e, verbose);
        }
    }

    /// <summary>Every command, in the order help lists them.</summary>
    private static IEnumerable<Command> Commands() =>
    [
        DemoCommand.Create(),
        RunCommand.Create(),
        LayersCommand.Create(),
        CamCommand.Create(),
        EvaluateCommand.Create(),
        GradCommand.Create(),
        DetectCommand.Create(),
        BoxamCommand.Create(),
        FeatmapCommand.Create(),
        DumpCommand.Create(),
        ReportCommand.Create(),
    ];
}
