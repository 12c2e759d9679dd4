using System.Diagnostics;
using System.Globalization;
using CamSharp.MutationRun;

// The long mutation run (not part of CI): every format gets N seeded mutations, run in child
// processes of B cases each so a hang (no progress for T seconds) or a dying process is seen,
// counted and skipped. Prints tried / ran / refused by type / crashed / hung per format.
//   dotnet run -c Release --project tools/mutation_run -- [--per-format 100000] [--batch 5000]
//       [--timeout 60] [--parallel 1] [--seed 1] [--formats digitcnn,png] [--report file.md]
//   dotnet run -c Release --project tools/mutation_run -- --hostile   (the three huge-claim files: time and peak RSS)
//   dotnet run -c Release --project tools/mutation_run -- --filesystem [--timeout 60]   (links, FIFOs, devices, bombs, deep names, collisions)

var options = Options.Parse(args);
if (options.Child is { } child) return ChildRun.Run(options.Shared, child.Format, options.Seed, child.Start, child.Count);
if (options.HostileOne is { } kind) return Hostile.RunOne(kind);
if (options.Hostile) return Hostile.RunAll();
if (options.FileSystemOne is { } fsCase) return FileSystemRun.RunOne(fsCase);
if (options.FileSystem) return FileSystemRun.RunAll(options.TimeoutSeconds);
return LongRun.Run(options);

/// <summary>Command-line options of the long run.</summary>
internal sealed record Options(int PerFormat, int Batch, int TimeoutSeconds, int Parallel, int Seed, string[] Formats, string? Report,
    string Shared, (string Format, int Start, int Count)? Child, bool Hostile, string? HostileOne, bool FileSystem = false, string? FileSystemOne = null)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(100_000, 5_000, 60, 1, 1, [.. Samples.Formats], null, FindShared(), null, false, null);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--per-format" => o with { PerFormat = NextInt() },
                "--batch" => o with { Batch = NextInt() },
                "--timeout" => o with { TimeoutSeconds = NextInt() },
                "--parallel" => o with { Parallel = NextInt() },
                "--seed" => o with { Seed = NextInt() },
                "--formats" => o with { Formats = Next().Split(',') },
                "--report" => o with { Report = Next() },
                "--shared" => o with { Shared = Next() },
                "--child" => o with { Child = (Next(), NextInt(), NextInt()) },
                "--hostile" => o with { Hostile = true },
                "--hostile-one" => o with { HostileOne = Next() },
                "--filesystem" => o with { FileSystem = true },
                "--filesystem-one" => o with { FileSystemOne = Next() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }

    /// <summary>shared/ beside the repository root (the folder holding CamSharp.slnx).</summary>
    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
        return Path.GetFullPath("../shared");
    }
}

/// <summary>Starts this program again as a child (through the dotnet host when that is how it runs).</summary>
internal static class Self
{
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        string host = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") psi.ArgumentList.Add(typeof(Self).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
