namespace CamSharp.Cli;

/// <summary>
/// Where a command writes, the same for every command: one input writes the file given by
/// --out-file; several inputs or a folder write one output per input into --out-dir, the path
/// below each folder argument mirrored and the input's name and extension kept ('bird.JPEG'
/// stays 'bird.JPEG'; a format the encoder cannot write keeps its stem and becomes .png). With
/// neither flag, outputs go to <see cref="DefaultFolder"/>. Decided and checked before any work.
/// </summary>
internal sealed class OutputPlan
{
    /// <summary>The folder every command writes into when given no --out-file or --out-dir.</summary>
    public const string DefaultRoot = "camsharp_output";

    private readonly Dictionary<InputSource, string> _paths;

    private OutputPlan(Dictionary<InputSource, string> paths, string? folder)
    {
        _paths = paths;
        Folder = folder;
    }

    /// <summary>The output folder, or null when one --out-file was given.</summary>
    public string? Folder { get; }

    /// <summary>The output path for an input.</summary>
    public string PathFor(InputSource source) => _paths[source];

    /// <summary>camsharp_output/&lt;command&gt;: one folder per command, so outputs of the same image never meet.</summary>
    public static string DefaultFolder(string command) => Path.Combine(DefaultRoot, command);

    /// <summary>
    /// One picture per input. <paramref name="arguments"/> are the image arguments as typed,
    /// checked against every output; <paramref name="fileFlag"/> is how the command spells
    /// --out-file (cam also takes pytorch-grad-cam's --save-path).
    /// </summary>
    public static OutputPlan ForImages(string command, IReadOnlyList<string> arguments, IReadOnlyList<InputSource> sources, string? outFile, string? outDir, string fileFlag = "--out-file")
    {
        if (outFile is not null && outDir is null && !Several(sources)) OutputFiles.EnsureImageFile(outFile);
        var plan = ForFiles(command, arguments, sources, outFile, outDir, fileFlag, ImageName, "picture");
        var converted = sources.Where(s => !s.IsTensor && Imaging.ImageEncoder.FormatForPath(s.Path) == Imaging.ImageFormat.Unknown)
            .Select(s => Path.GetExtension(s.Path).ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (plan.Folder is not null && converted.Length > 0)
            Messages.Note($"{string.Join(", ", converted.Select(e => e.Length == 0 ? "extension-less" : e))} inputs are written as .png (pictures are written as .png, .jpg or .bmp).");
        return plan;
    }

    /// <summary>One file per input with its own ending (a report's .html): named after the input's stem, otherwise as <see cref="ForImages"/>.</summary>
    public static OutputPlan ForFiles(string command, IReadOnlyList<string> arguments, IReadOnlyList<InputSource> sources, string? outFile, string? outDir, string fileFlag, string ending, string what) =>
        ForFiles(command, arguments, sources, outFile, outDir, fileFlag, relative => Path.ChangeExtension(relative, ending), what);

    private static OutputPlan ForFiles(string command, IReadOnlyList<string> arguments, IReadOnlyList<InputSource> sources, string? outFile, string? outDir,
        string fileFlag, Func<string, string> rename, string what)
    {
        if (outFile is not null && outDir is not null) throw new CliException($"Give either {fileFlag} or --out-dir, not both.");
        if (outFile is not null)
        {
            if (Several(sources)) throw new CliException($"{fileFlag} writes one {what}, but {Describe(sources)}: use --out-dir DIR for one {what} per input (subfolders mirrored, names kept).");
            OutputFiles.EnsureWritableFile(outFile);
            return new OutputPlan(new() { [sources[0]] = outFile }, null);
        }
        string dir = outDir ?? DefaultFolder(command);
        var names = Unique(sources, rename);
        var paths = names.ToDictionary(kv => kv.Key, kv => Path.Combine(dir, kv.Value));
        // Checked before the folder is made, so a refusal leaves nothing behind.
        PathRoles.CheckDerived(Inputs(arguments, sources, outDir is null), paths.Values, dir);
        OutputFiles.EnsureOutputDirectory(dir, outDir is null);
        CreateSubfolders(paths.Values, dir);
        return new OutputPlan(paths, dir);
    }

    /// <summary>
    /// One folder per input (a stage dump): one input with --out-dir writes into that folder;
    /// otherwise each input gets a subfolder named after it (its stem), mirrored below the
    /// output folder as pictures are.
    /// </summary>
    public static OutputPlan ForFolders(string command, IReadOnlyList<string> arguments, IReadOnlyList<InputSource> sources, string? outDir)
    {
        string dir = outDir ?? DefaultFolder(command);
        if (!Several(sources) && outDir is not null) return new OutputPlan(new() { [sources[0]] = OutputFiles.EnsureOutputDirectory(dir) }, dir);
        var names = Unique(sources, rel => Path.ChangeExtension(rel, null));
        var paths = names.ToDictionary(kv => kv.Key, kv => Path.Combine(dir, kv.Value));
        PathRoles.CheckDerived(Inputs(arguments, sources, outDir is null), [], dir);
        OutputFiles.EnsureOutputDirectory(dir, outDir is null);
        foreach (var folder in paths.Values) Directory.CreateDirectory(folder);
        return new OutputPlan(paths, dir);
    }

    /// <summary>
    /// The inputs outputs are checked against. The default folder may lie inside a folder being
    /// walked (`cd photos; camsharp cam .`): walks never enter <see cref="DefaultRoot"/>
    /// (<see cref="InputFiles.List"/>), so only the input files themselves count then.
    /// </summary>
    private static IEnumerable<string> Inputs(IReadOnlyList<string> arguments, IReadOnlyList<InputSource> sources, bool defaultFolder) =>
        arguments.Where(a => !defaultFolder || !Directory.Exists(a)).Concat(sources.Select(s => s.Path));

    /// <summary>Whether a path found in a folder walk lies in an output folder of CamSharp's own (an earlier run's outputs).</summary>
    public static bool InDefaultRoot(string folder, string path) =>
        Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar).SkipLast(1).Contains(DefaultRoot, StringComparer.Ordinal);

    /// <summary>Several inputs, or a folder (even of one image): outputs go to a folder.</summary>
    public static bool Several(IReadOnlyList<InputSource> sources) => sources.Count > 1 || sources.Any(s => s.Folder is not null);

    /// <summary>The input's path below its folder argument, or its file name.</summary>
    public static string RelativeName(InputSource source)
    {
        string name = Path.GetFileName(source.Path);
        if (source.Folder is null) return name;
        string relative = Path.GetRelativePath(source.Folder, source.Path);
        // A walk never leaves its folder; should a path say otherwise, keep only the name.
        return Path.IsPathRooted(relative) || relative.Split(Path.DirectorySeparatorChar).Contains("..") ? name : relative;
    }

    /// <summary>The picture's name: the input's, or its stem + .png when the encoder cannot write its format.</summary>
    private static string ImageName(string relative) =>
        Imaging.ImageEncoder.FormatForPath(relative) == Imaging.ImageFormat.Unknown ? Path.ChangeExtension(relative, ".png") : relative;

    /// <summary>Names made unique: what mirroring cannot tell apart (two files 'x.jpg' given by hand) gets "-2", "-3", ….</summary>
    private static Dictionary<InputSource, string> Unique(IReadOnlyList<InputSource> sources, Func<string, string> name)
    {
        var result = new Dictionary<InputSource, string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            string candidate = name(RelativeName(source));
            string stem = Path.ChangeExtension(candidate, null), ext = Path.GetExtension(candidate);
            for (int k = 2; !taken.Add(candidate); k++) candidate = $"{stem}-{k}{ext}";
            result[source] = candidate;
        }
        return result;
    }

    private static void CreateSubfolders(IEnumerable<string> paths, string dir)
    {
        foreach (var folder in paths.Select(Path.GetDirectoryName).Distinct())
            if (folder is not null && folder != dir) Directory.CreateDirectory(folder);
    }

    private static string Describe(IReadOnlyList<InputSource> sources) =>
        sources.FirstOrDefault(s => s.Folder is not null) is { } fromFolder
            ? $"folder '{fromFolder.Folder}' gives {sources.Count} input{(sources.Count == 1 ? "" : "s")}"
            : $"{sources.Count} inputs were given";
}
