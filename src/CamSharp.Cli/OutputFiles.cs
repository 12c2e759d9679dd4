using CamSharp.Tensors;

namespace CamSharp.Cli;

/// <summary>Output paths: checked before work starts, written through temporary files.</summary>
internal static class OutputFiles
{
    /// <summary>Creates the folder if needed and proves it writable, before any work is done.</summary>
    public static string EnsureWritableDirectory(string dir)
    {
        try
        {
            Directory.CreateDirectory(dir);
            string probe = Path.Combine(dir, $".camsharp-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return dir;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot write to folder '{dir}': {e.Message}");
        }
    }

    /// <summary>Checks that a file can be created in its folder, before any work is done.</summary>
    public static string EnsureWritableFile(string path)
    {
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        EnsureWritableDirectory(dir);
        return path;
    }

    /// <summary>A value or output name as a file name: '/' and ':' become '_'.</summary>
    public static string SafeName(string name)
    {
        var s = name.Replace('/', '_').Replace(':', '_').Replace('\\', '_');
        return s.Length == 0 ? "_" : s;
    }

    /// <summary>Writes text through a temporary file in the same folder, so a failure leaves no half-written file.</summary>
    public static void WriteText(string path, string text)
    {
        EnsureWritableFile(path);
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    public static void WriteNpy(string path, Tensor t)
    {
        EnsureWritableFile(path);
        Npy.WriteFile(path, t);
    }

    /// <summary>Maps of one size (h·w values each) as one K×H×W float32 .npy.</summary>
    public static void WriteMaps(string path, IReadOnlyList<float[]> maps, int height, int width)
    {
        var stacked = new float[maps.Count * height * width];
        for (int k = 0; k < maps.Count; k++) maps[k].CopyTo(stacked, k * height * width);
        WriteNpy(path, Tensor.FromFloats(stacked, maps.Count, height, width));
    }
}
