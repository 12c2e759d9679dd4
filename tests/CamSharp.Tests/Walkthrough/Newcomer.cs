using CamSharp.Imaging;
using CamSharp.Tensors;
using CamSharp.Tests.Packaging;

namespace CamSharp.Tests.Walkthrough;

/// <summary>
/// A new user at a shell: the built tool run as its own process, in a fresh folder laid out like
/// a checkout of this repository (<c>../shared</c> beside it), so commands copied from README
/// and the seeds run exactly as typed and write where a user would find their files.
/// </summary>
internal sealed class Newcomer
{
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "CamSharp.Cli.dll");

    public Newcomer()
    {
        string root = Tests.Cli.CliRunner.TempDir();
        Workspace = Path.Combine(root, "repo");
        Directory.CreateDirectory(Workspace);
        Directory.CreateSymbolicLink(Path.Combine(root, "shared"), Fixtures.Shared);
    }

    /// <summary>The folder the commands run in (the "repository root").</summary>
    public string Workspace { get; }

    /// <summary>The seeds' and README's files, as a user in the workspace names them.</summary>
    public static string Asset(string relative) => Path.Combine("..", "shared", "assets", relative);

    public static string FixtureModel(string name) => Path.Combine("..", "shared", "fixtures", "models", name);

    /// <summary>Runs <c>camsharp ARGS</c> in the workspace.</summary>
    public DotnetProcess.Result Run(params string[] args) =>
        DotnetProcess.Run(DotnetProcess.Host, ["exec", Cli, .. args], Workspace, timeoutSeconds: 600);

    /// <summary>Runs it and requires exit 0, showing everything it printed otherwise.</summary>
    public DotnetProcess.Result Succeeds(params string[] args)
    {
        var r = Run(args);
        Xunit.Assert.True(r.ExitCode == 0, $"camsharp {string.Join(' ', args)}\n{r}");
        return r;
    }

    public string PathOf(string relative) => Path.Combine(Workspace, relative);

    public bool Exists(string relative) => File.Exists(PathOf(relative)) || Directory.Exists(PathOf(relative));

    public RgbImage Picture(string relative) => ImageDecoder.Load(PathOf(relative));

    public Tensor Npy(string relative) => CamSharp.Tensors.Npy.ReadTensor(PathOf(relative));

    /// <summary>Mean absolute difference of two pictures of one size, in 0..255.</summary>
    public static double Difference(RgbImage a, RgbImage b)
    {
        Xunit.Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        long sum = 0;
        for (int i = 0; i < a.Pixels.Length; i++) sum += Math.Abs(a.Pixels[i] - b.Pixels[i]);
        return sum / (double)a.Pixels.Length;
    }
}
