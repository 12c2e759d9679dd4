using CamSharp.Tensors;

namespace CamSharp.Tests;

/// <summary>
/// Locates the shared reference data (<c>../shared</c> beside the repository root). A
/// missing file is a test failure, never a skip.
/// </summary>
public static class Fixtures
{
    private static readonly Lazy<string> RepoRootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (CamSharp.slnx) above the test assembly.");
    });

    /// <summary>The repository root.</summary>
    public static string RepoRoot => RepoRootLazy.Value;

    /// <summary>The <c>shared</c> folder beside the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>A path under <c>shared/fixtures</c>; fails if it does not exist.</summary>
    public static string File(string relative) => Require(Path.Combine(Shared, "fixtures", relative));

    /// <summary>A path under <c>shared/assets</c>; fails if it does not exist.</summary>
    public static string Asset(string relative) => Require(Path.Combine(Shared, "assets", relative));

    /// <summary>A fixture <c>.npy</c> or <c>.npy.gz</c> as a tensor.</summary>
    public static Tensor Npy(string relative) => CamSharp.Tensors.Npy.ReadTensor(File(relative));

    private static string Require(string path) =>
        System.IO.File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException($"Fixture missing: {path}");
}
