namespace CamSharp.Files;

/// <summary>
/// The regular files below a folder, for commands that take a folder of inputs. Links to
/// folders are not followed (a link to '.' would loop, one to '/' would walk the disk); FIFOs,
/// devices and sockets are skipped (reading one would block or never end); links to regular
/// files are kept, since a folder of links to images is a common way to pick a set.
/// </summary>
public static class FolderWalk
{
    /// <summary>Every regular file below <paramref name="folder"/>, as paths that start with it.</summary>
    public static IEnumerable<string> RegularFiles(string folder)
    {
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = false,
            IgnoreInaccessible = true,
            AttributesToSkip = 0,
            ReturnSpecialDirectories = false,
        };
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (string entry in Directory.EnumerateFileSystemEntries(dir, "*", options))
            {
                var own = FileStatus.Of(entry, followLinks: false);
                if (own.Kind == FileKind.Directory) pending.Push(entry);
                else if (own.Kind == FileKind.Regular) yield return entry;
                else if (own.Kind == FileKind.SymbolicLink && LinksToRegularFile(entry)) yield return entry;
            }
        }
    }

    private static bool LinksToRegularFile(string link)
    {
        try
        {
            return FileStatus.Of(link, followLinks: true).Kind == FileKind.Regular;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // a loop of links or a target we may not see: not an input
        }
    }
}
