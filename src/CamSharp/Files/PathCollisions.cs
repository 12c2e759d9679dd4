namespace CamSharp.Files;

/// <summary>
/// Checks, before any work, that no output of a command lands on one of its inputs: an output
/// file that is an input file (by real path or identity), an output file or folder inside an
/// input folder that is walked for inputs (the next run would take the outputs as inputs), or two
/// outputs that are the same file. Each path carries the role it plays ("--save-path",
/// "image"), which the message names. Outputs that are folders, devices or FIFOs where a
/// file is wanted are refused here too, before any work.
/// </summary>
public sealed class PathCollisions
{
    private readonly record struct Use(string Path, string Role, string Real, FileStatus Status);

    private readonly List<Use> _inputFiles = [], _inputFolders = [], _outputFiles = [], _outputFolders = [];

    /// <summary>An input: a file, or a folder whose files are inputs.</summary>
    public PathCollisions Input(string path, string role)
    {
        var use = Make(path, role);
        (use.Status.Kind == FileKind.Directory ? _inputFolders : _inputFiles).Add(use);
        return this;
    }

    /// <summary>A file that will be written.</summary>
    public PathCollisions OutputFile(string path, string role)
    {
        _outputFiles.Add(Make(path, role));
        return this;
    }

    /// <summary>A folder that files will be written into.</summary>
    public PathCollisions OutputFolder(string path, string role)
    {
        _outputFolders.Add(Make(path, role));
        return this;
    }

    /// <summary>Throws an <see cref="UnsafePathException"/> naming the first collision found.</summary>
    public void Check()
    {
        foreach (var output in _outputFolders)
        {
            if (output.Status.Kind is not (FileKind.Directory or FileKind.Missing))
                throw Collision(output, $"is {output.Status.Kind.Describe()}, not a folder");
            foreach (var input in _inputFiles)
                if (Same(output, input))
                    throw Collision(output, $"is the {input.Role} '{input.Path}'");
        }
        foreach (var output in _outputFolders)
            foreach (var folder in _inputFolders)
                if (RealPath.IsInside(output.Real, folder.Real))
                    throw Collision(output, $"lies inside the {folder.Role} folder '{folder.Path}'; the outputs would become inputs of the next run");
        foreach (var output in _outputFiles)
        {
            if (output.Status.Kind is not (FileKind.Regular or FileKind.Missing))
                throw Collision(output, $"is {output.Status.Kind.Describe()}; outputs are written only to regular files");
            foreach (var input in _inputFiles)
                if (Same(output, input))
                    throw Collision(output, $"is the same file as the {input.Role} '{input.Path}'; it would be overwritten");
            foreach (var folder in _inputFolders)
                if (RealPath.IsInside(output.Real, folder.Real))
                    throw Collision(output, $"lies inside the {folder.Role} folder '{folder.Path}', whose files are inputs");
        }
        for (int i = 0; i < _outputFiles.Count; i++)
            for (int j = 0; j < i; j++)
                if (Same(_outputFiles[i], _outputFiles[j]))
                    throw Collision(_outputFiles[i], $"is also given as {_outputFiles[j].Role} '{_outputFiles[j].Path}'; one would overwrite the other");
    }

    private static bool Same(Use a, Use b) => a.Real == b.Real || a.Status.SameFileAs(b.Status);

    private static UnsafePathException Collision(Use output, string problem) => new(output.Path, $"{output.Role} {problem}");

    private static Use Make(string path, string role) => new(path, role, RealPath.Resolve(path), FileStatus.Of(path));
}
