using CamSharp.Files;

namespace CamSharp.Cli;

/// <summary>One thing to process: an image file or the single --input-tensor.</summary>
internal sealed record InputSource(string Path, bool IsTensor);

/// <summary>Image arguments: files, and folders expanded recursively to the images in them (sorted).</summary>
internal static class InputFiles
{
    public static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".jfif", ".png", ".bmp", ".ppm", ".pgm", ".pnm"];

    /// <summary>The most a text input (labels, boxes) may hold: far more than any real list.</summary>
    public const long MaxTextBytes = 64L << 20;

    /// <summary>A text input named by <paramref name="flag"/>: a regular file of at most <see cref="MaxTextBytes"/>.</summary>
    public static string ReadText(string path, string flag)
    {
        try
        {
            return RegularFile.ReadAllText(path, MaxTextBytes, "text file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ResourceLimitException)
        {
            throw new CliException($"{flag} {e.Message}");
        }
    }

    /// <summary>The lines of a text input (<see cref="ReadText"/>).</summary>
    public static string[] ReadLines(string path, string flag) =>
        ReadText(path, flag).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    public static List<InputSource> List(string[] paths, string? tensor)
    {
        if (tensor is not null)
            return paths.Length > 0 ? throw new CliException("Give either images or --input-tensor, not both.") : [new InputSource(tensor, true)];
        if (paths.Length == 0) throw new CliException("Give an image file, a folder of images or --input-tensor x.npy.");
        var list = new List<InputSource>();
        foreach (var p in paths)
        {
            if (Directory.Exists(p))
            {
                var found = FolderWalk.RegularFiles(p)
                    .Where(f => ImageExtensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
                    .Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new CliException($"folder '{p}' has no images ({string.Join(", ", ImageExtensions)}).");
                list.AddRange(found.Select(f => new InputSource(f, false)));
            }
            else if (File.Exists(p)) list.Add(new InputSource(p, false));
            else throw new CliException($"image not found: '{p}'.");
        }
        return list;
    }

    /// <summary>
    /// One output file name per input (<see cref="OutputName"/>), made unique: inputs of the
    /// same name in different folders get "-2", "-3", ... so none overwrites another.
    /// </summary>
    public static Dictionary<InputSource, string> OutputNames(IReadOnlyList<InputSource> sources)
    {
        var names = new Dictionary<InputSource, string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            string name = OutputName(source.Path);
            string stem = System.IO.Path.GetFileNameWithoutExtension(name), ext = System.IO.Path.GetExtension(name);
            for (int k = 2; !taken.Add(name); k++) name = $"{stem}-{k}{ext}";
            names[source] = name;
        }
        return names;
    }

    /// <summary>The output file name for an input: its stem, keeping .jpg/.jpeg, else .png.</summary>
    public static string OutputName(string inputPath)
    {
        string ext = System.IO.Path.GetExtension(inputPath).ToLowerInvariant();
        return System.IO.Path.GetFileNameWithoutExtension(inputPath) + (ext is ".jpg" or ".jpeg" ? ext : ".png");
    }
}

/// <summary>
/// A one-line progress bar on stderr for folders of images; silent when stderr is redirected
/// or there is one item. Workers may report from several threads.
/// </summary>
internal sealed class ProgressLine(int total) : IDisposable
{
    private readonly bool _enabled = total > 1 && !Console.IsErrorRedirected;
    private readonly object _gate = new();
    private bool _drawn;

    public void Report(int done, string item)
    {
        if (!_enabled) return;
        const int width = 30;
        int filled = width * done / total;
        lock (_gate)
        {
            Console.Error.Write($"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} {Path.GetFileName(item)}".PadRight(80));
            _drawn = true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_drawn) Console.Error.WriteLine();
            _drawn = false;
        }
    }
}
