using System.CommandLine;
using CamSharp.Tensors;

namespace CamSharp.Cli;

/// <summary>Output paths: checked before work starts, written through temporary files.</summary>
internal static class OutputFiles
{
    /// <summary>Creates the folder if needed and proves it writable, before any work is done.</summary>
    public static string EnsureWritableDirectory(string dir)
    {
        Probe(dir, $"cannot write to folder '{dir}'");
        return dir;
    }

    /// <summary>
    /// An output folder for one file per input: proved writable before any work, and cleared
    /// of temporary files that an earlier, killed run left behind.
    /// </summary>
    /// <param name="isDefault">The folder was not given but chosen (camsharp_output/&lt;command&gt;): a refusal says how to choose another.</param>
    public static string EnsureOutputDirectory(string dir, bool isDefault = false)
    {
        try
        {
            EnsureWritableDirectory(dir);
        }
        catch (CliException e) when (isDefault)
        {
            throw new CliException($"cannot write to the default output folder '{dir}': {e.InnerException?.Message} Give --out-dir DIR or --out-file FILE.", e);
        }
        AtomicFile.RemoveStale(dir);
        return dir;
    }

    /// <summary>Checks that a file can be created in its folder, before any work is done.</summary>
    public static string EnsureWritableFile(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        // The file the user named, not only its folder: '/proc/self/comm' says more than '/proc/self'.
        Probe(dir, $"cannot write to folder '{dir}' for '{path}'");
        return path;
    }

    /// <summary>Creates the folder if needed and writes a probe in it; a failure says <paramref name="failure"/> and why.</summary>
    private static void Probe(string dir, string failure)
    {
        try
        {
            Directory.CreateDirectory(dir);
            Files.WriteProbe.Check(dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{failure}: {e.Message}", e);
        }
    }

    /// <summary>Checks that an image output has an extension the encoder knows, before any work is done.</summary>
    public static string EnsureImageFile(string path)
    {
        if (Imaging.ImageEncoder.FormatForPath(path) == Imaging.ImageFormat.Unknown)
            throw new CliException($"cannot tell the image format of '{path}': use .png, .jpg, .jpeg or .bmp.");
        return EnsureWritableFile(path);
    }

    /// <summary>An output-file option whose folder is proved writable when the command line is parsed.</summary>
    public static Option<string?> Checked(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (!CommonOptions.TryValue<string?>(result, out var value) || value is not { } path) return;
            if (string.IsNullOrWhiteSpace(path))
            {
                result.AddError($"{option.Name} was given an empty value.");
                return;
            }
            try
            {
                EnsureWritableFile(path);
            }
            catch (CliException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    /// <summary>
    /// A value or output name as a file name: '/', ':', '\\' and control characters (NUL) become
    /// '_', and a name too long for the file system is cut (200 UTF-8 bytes, room for an ending).
    /// </summary>
    public static string SafeName(string name)
    {
        var chars = name.Select(c => c is '/' or ':' or '\\' || char.IsControl(c) ? '_' : c).ToArray();
        var s = new string(chars);
        while (System.Text.Encoding.UTF8.GetByteCount(s) > 200) s = s[..^1];
        return s.Length == 0 || s is "." or ".." ? "_" + s : s;
    }

    /// <summary>
    /// File names for several names (<see cref="SafeName"/> + <paramref name="ending"/>), made
    /// unique: 'a/b' and 'a_b' would both be 'a_b', so the second gets '-2'.
    /// </summary>
    public static string[] UniqueFileNames(IReadOnlyList<string> names, string ending)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new string[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string stem = SafeName(names[i]), name = stem + ending;
            for (int k = 2; !taken.Add(name); k++) name = $"{stem}-{k}{ending}";
            result[i] = name;
        }
        return result;
    }

    /// <summary>Writes text through a temporary file in the same folder, so a failure leaves no half-written file.</summary>
    public static void WriteText(string path, string text)
    {
        EnsureWritableFile(path);
        AtomicFile.Write(path, System.Text.Encoding.UTF8.GetBytes(text));
    }

    public static void WriteNpy(string path, Tensor t)
    {
        EnsureWritableFile(path);
        Npy.WriteFile(path, t);
    }

    /// <summary>Maps of one size (h·w values each) as one K×H×W float32 .npy.</summary>
    public static void WriteMaps(string path, IReadOnlyList<float[]> maps, int height, int width)
    {
        using var stacked = TensorRows.Stack(maps, height, width);
        WriteNpy(path, stacked);
    }
}
