using CamSharp.Files;

namespace CamSharp.Cli;

/// <summary>
/// One thing to process: an image file or the single --input-tensor; <paramref name="Folder"/>
/// is the folder argument it was found in (its output mirrors the path below that folder).
/// A video model's clip is named by its first frame and carries all its <paramref name="Frames"/>.
/// </summary>
internal sealed record InputSource(string Path, bool IsTensor, string? Folder = null, IReadOnlyList<string>? Frames = null);

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
                // An earlier run's outputs (camsharp_output/ below the folder) are never taken as inputs.
                var found = FolderWalk.RegularFiles(p)
                    .Where(f => ImageExtensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()) && !OutputPlan.InDefaultRoot(p, f))
                    .Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new CliException($"folder '{p}' has no images ({string.Join(", ", ImageExtensions)}).");
                list.AddRange(found.Select(f => new InputSource(f, false, p)));
            }
            else if (File.Exists(p)) list.Add(new InputSource(p, false));
            else throw new CliException($"image not found: '{p}'.");
        }
        return list;
    }
}
