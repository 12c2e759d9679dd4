using System.CommandLine;
using System.Globalization;

namespace CamSharp.Cli;

/// <summary>
/// Looks at the raw arguments before System.CommandLine does. Its parser hands a token it does
/// not know to the command's image argument, so '--aug_smooth' became "image not found"; here
/// an unknown command or option is an error with the closest known names, the underscore
/// spellings the Python tools print (MMPretrain's '--aug_smooth') are read as their hyphenated
/// options, and a model given where images go is named as such.
/// </summary>
internal static class ArgumentPreflight
{
    /// <summary>Names users bring from the Python scripts that the commands replace.</summary>
    private static readonly Dictionary<string, string> ScriptNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vis_cam"] = "cam",
        ["vis_cam.py"] = "cam",
        ["featmap_vis_demo"] = "featmap",
        ["featmap_vis_demo.py"] = "featmap",
        ["boxam_vis_demo"] = "boxam",
        ["boxam_vis_demo.py"] = "boxam",
        ["visualize"] = "dump",
        ["predict"] = "detect",
    };

    /// <summary>Options of the Python tools that CamSharp spells differently or does not need, with what to do instead.</summary>
    private static readonly Dictionary<string, string> ForeignOptions = new(StringComparer.Ordinal)
    {
        ["--save-path"] = "use --out-file (one input) or --out-dir (several)",
        ["--output-dir"] = "use --out-dir",
        ["--out"] = "use --out-file",
        ["--image-path"] = "give the image as an argument",
        ["--show"] = "CamSharp opens no window; it writes the picture (--out-file, --out-dir)",
        ["--cfg-options"] = "CamSharp reads no config: the ONNX model is all it needs (--model M.onnx)",
        ["--use-cuda"] = "CamSharp runs on the CPU only",
    };

    /// <summary>
    /// The arguments with alias spellings replaced by the options' own names; throws
    /// <see cref="CliException"/> for an unknown command or option. Returns the arguments
    /// unchanged when they name no command (the caller lists the commands).
    /// </summary>
    public static string[] Check(RootCommand root, string[] args)
    {
        var rootNames = NamesOf(root.Options);
        int i = 0;
        for (; i < args.Length && LooksLikeOption(args[i]); i++)
            if (!rootNames.Contains(NameOf(args[i])))
                throw new CliException($"unknown option '{NameOf(args[i])}'.{Suggestions.DidYouMean(NameOf(args[i]), rootNames)} Give a command first: {CommandList(root)}.");
        if (i == args.Length) return args;

        var command = root.Subcommands.FirstOrDefault(c => c.Name == args[i] || c.Aliases.Contains(args[i]))
            ?? throw new CliException(UnknownCommand(root, args[i]));
        var known = NamesOf(command.Options.Concat(root.Options.Where(o => o.Recursive)));
        var result = (string[])args.Clone();
        for (int k = i + 1; k < args.Length; k++)
        {
            if (args[k] == "--") break;
            if (!LooksLikeOption(args[k])) continue;
            string name = NameOf(args[k]);
            if (known.Contains(name)) continue;
            string hyphenated = name.Replace('_', '-');
            if (hyphenated != name && known.Contains(hyphenated))
            {
                result[k] = hyphenated + args[k][name.Length..];
                continue;
            }
            string advice = ForeignOptions.TryGetValue(hyphenated, out var instead) ? $" {char.ToUpperInvariant(instead[0])}{instead[1..]}." : "";
            if (advice.Length > 0) throw new CliException($"unknown option '{name}' for '{command.Name}'.{advice} See 'camsharp {command.Name} --help'.");
            throw new CliException($"unknown option '{name}' for '{command.Name}'.{Suggestions.DidYouMean(name, known.Where(n => n.StartsWith("--", StringComparison.Ordinal)))} See 'camsharp {command.Name} --help'.");
        }
        CheckModelGiven(command, known, result[(i + 1)..]);
        return result;
    }

    /// <summary>The commands, as help lists them: "demo, run, layers, …".</summary>
    public static string CommandList(RootCommand root) => string.Join(", ", root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));

    private static string UnknownCommand(RootCommand root, string typed)
    {
        var names = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToArray();
        string hint = ScriptNames.TryGetValue(Path.GetFileName(typed), out var script)
            ? $" Did you mean '{script}' (what {typed} does)?"
            : Suggestions.DidYouMean(typed, names);
        string what = LooksLikePath(typed) ? "a command comes first, then files" : $"unknown command '{typed}'";
        return $"{what}.{hint} Commands: {string.Join(", ", names)}. Run 'camsharp --help' for what each does.";
    }

    /// <summary>'cam model.onnx img.jpg': a required --model missing while an .onnx file sits among the images.</summary>
    private static void CheckModelGiven(Command command, HashSet<string> known, string[] args)
    {
        var modelOption = command.Options.FirstOrDefault(o => o.Name == "--model");
        if (modelOption is null || args.Any(a => a == "--" || modelOption.Aliases.Append(modelOption.Name).Contains(NameOf(a)))) return;
        if (args.FirstOrDefault(a => !LooksLikeOption(a) && a.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) is { } onnx)
            throw new CliException($"'{onnx}' looks like a model: give it with --model {onnx} (camsharp {command.Name} IMAGE… --model {onnx}).");
    }

    private static HashSet<string> NamesOf(IEnumerable<Option> options) =>
        options.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>An option token: '-x' or '--xy', but not a negative number ('--topk -1') or a lone '-'.</summary>
    private static bool LooksLikeOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The option name of '--name', '--name=value' or '--name:value'.</summary>
    private static string NameOf(string token)
    {
        int end = token.IndexOfAny(['=', ':']);
        return end > 0 ? token[..end] : token;
    }

    private static bool LooksLikePath(string token) =>
        token.Contains('/') || token.Contains('\\') || Path.HasExtension(token) && !ScriptNames.ContainsKey(token);
}
