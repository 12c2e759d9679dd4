namespace CamSharp.Files;

/// <summary>
/// A path that CamSharp will not read or write: not a regular file (a folder, FIFO, device or
/// socket), outside the folder it must stay in, a loop of links, or an output that would
/// overwrite an input. Thrown before anything is read or written; the message names the path
/// and what was found there.
/// </summary>
public sealed class UnsafePathException : IOException
{
    public UnsafePathException(string path, string problem)
        : base($"{path}: {problem}.")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The path as the caller gave it.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
