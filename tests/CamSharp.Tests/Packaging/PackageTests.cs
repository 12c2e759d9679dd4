using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CamSharp.Imaging;
using CamSharp.Tests.Cli;
using Xunit;

namespace CamSharp.Tests.Packaging;

/// <summary>
/// The two packages <c>dotnet pack</c> makes, packed once from the build the tests already use
/// (<c>--no-build</c>), at the version Directory.Build.props sets.
/// </summary>
public sealed class PackedPackages
{
    public PackedPackages()
    {
        Version = XDocument.Load(Path.Combine(Fixtures.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        Folder = Path.Combine(CliRunner.TempDir(), "packages");
        foreach (var project in new[] { "src/CamSharp", "src/CamSharp.Cli" })
        {
            var pack = DotnetProcess.Run(DotnetProcess.Host, ["pack", project, "--no-build", "--no-restore", "-c", DotnetProcess.Configuration, "-o", Folder], Fixtures.RepoRoot);
            if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed: {pack}");
        }
    }

    public string Version { get; }

    public string Folder { get; }

    /// <summary>A private NuGet cache, so that no earlier copy of the same version can stand in for the fresh package.</summary>
    public static Dictionary<string, string> FreshCache(string root) => new() { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache") };
}

/// <summary>
/// What a user does with the packages: the library carries its XML docs; the tool installs
/// from the package folder and <c>camsharp demo</c> works; README's ten-line library example
/// builds against the library package and runs.
/// </summary>
public sealed class PackageTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    [Fact]
    public void Pack_BothPackagesAtTheOneVersion_LibraryWithXmlDocs()
    {
        string library = Path.Combine(packed.Folder, $"CamSharp.{packed.Version}.nupkg");
        string tool = Path.Combine(packed.Folder, $"CamSharp.Tool.{packed.Version}.nupkg");
        Assert.Equal([library, tool], Directory.GetFiles(packed.Folder).Order());
        using (var zip = ZipFile.OpenRead(library))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/CamSharp.dll");
            using var docs = new StreamReader(zip.Entries.Single(e => e.FullName == "lib/net10.0/CamSharp.xml").Open());
            Assert.Contains("T:CamSharp.Reports.ReportBuilder", docs.ReadToEnd());
        }
        using (var zip = ZipFile.OpenRead(tool))
        {
            using var settings = zip.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml")).Open();
            Assert.Equal("camsharp", XDocument.Load(settings).Descendants("Command").Single().Attribute("Name")?.Value);
        }
    }

    [Fact]
    public void ToolInstall_FromPackageFolder_CamsharpDemoWorks()
    {
        string root = CliRunner.TempDir();
        string tools = Path.Combine(root, "tools");
        var install = DotnetProcess.Run(DotnetProcess.Host,
            ["tool", "install", "--add-source", packed.Folder, "--tool-path", tools, "--version", packed.Version, "CamSharp.Tool"], root, PackedPackages.FreshCache(root));
        Assert.True(install.ExitCode == 0, install.ToString());

        string camsharp = Path.Combine(tools, OperatingSystem.IsWindows() ? "camsharp.exe" : "camsharp");
        var demo = DotnetProcess.Run(camsharp, ["demo", "--seed", "3", "--out-file", "demo.png"], root);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("the model says", demo.Out);
        Assert.True(ImageDecoder.Load(Path.Combine(root, "demo.png")).Width > 0);
        Assert.StartsWith(packed.Version, DotnetProcess.Run(camsharp, ["--version"], root).Out.Trim());
    }

    [Fact]
    public void ReadmeLibraryExample_AgainstThePackage_BuildsAndWritesItsPictureAndReport()
    {
        string root = CliRunner.TempDir();
        File.WriteAllText(Path.Combine(root, "Program.cs"), ReadmeExample());
        File.WriteAllText(Path.Combine(root, "Example.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable></PropertyGroup>
              <ItemGroup><PackageReference Include="CamSharp" Version="{packed.Version}" /></ItemGroup>
            </Project>
            """);
        // The fresh package from its folder; its dependencies from the packages the solution's restore already holds.
        string restored = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="camsharp" value="{packed.Folder}" />
                <add key="restored" value="{restored}" />
              </packageSources>
            </configuration>
            """);
        File.Copy(Fixtures.Asset("models/squeezenet1_1_tv.onnx"), Path.Combine(root, "squeezenet1_1_tv.onnx"));
        File.Copy(Fixtures.Asset("images/cat-dog.png"), Path.Combine(root, "cat-dog.png"));

        var run = DotnetProcess.Run(DotnetProcess.Host, ["run"], root, PackedPackages.FreshCache(root), timeoutSeconds: 300);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"top class: \S.* \(\d+(\.\d)? ?%\); explained: tabby", run.Out);
        var picture = ImageDecoder.Load(Path.Combine(root, "gradcam.png"));
        Assert.Equal((600, 400), (picture.Width, picture.Height));
        string html = File.ReadAllText(Path.Combine(root, "report.html"));
        Assert.Equal(2 + ReportsDefaults, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
    }

    private static int ReportsDefaults => CamSharp.Reports.ReportOptions.DefaultMethods.Count;

    /// <summary>The C# block that follows README's "library example" marker.</summary>
    private static string ReadmeExample()
    {
        string readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
        var match = Regex.Match(readme, @"<!-- library example[^>]*-->\s*```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "README.md has no C# block after its '<!-- library example -->' marker");
        return match.Groups[1].Value;
    }
}
