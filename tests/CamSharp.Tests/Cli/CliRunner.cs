using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>Runs the camsharp entry point in-process with captured output. Console is global, so CLI tests never run in parallel.</summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        lock (Gate)
        {
            var stdout = Console.Out;
            var stderr = Console.Error;
            var o = new StringWriter();
            var e = new StringWriter();
            Console.SetOut(o);
            Console.SetError(e);
            try
            {
                int code = CamSharp.Cli.Program.Main(args);
                return new Result(code, o.ToString(), e.ToString());
            }
            finally
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
            }
        }
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "camsharp-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
