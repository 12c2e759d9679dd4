using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CamSharp.Imaging;
using CamSharp.Tests.Cli;
using Xunit;

namespace CamSharp.Tests.Packaging;

/// <summary>
/// The packages <c>dotnet pack</c> makes, at the version Directory.Build.props sets: the library,
/// packed from the build the tests already use (<c>--no-build</c>), and the tool as its pointer
/// package plus the linux-x64 package (native, AOT-compiled, when packed on linux-x64) and the
/// portable any package, which one pack builds for each runtime itself.
/// </summary>
public sealed class PackedPackages
{
    public PackedPackages()
    {
        Version = XDocument.Load(Path.Combine(Fixtures.RepoRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        Folder = Path.Combine(CliRunner.TempDir(), "packages");
        Pack("src/CamSharp", "--no-build", "--no-restore");
        // Restored by pack itself: a restore made with other properties (-p:ToolReadyToRun=false) lacks the runtimes.
        Pack("src/CamSharp.Cli");
    }

    public string Version { get; }

    public string Folder { get; }

    public string File(string id) => Path.Combine(Folder, $"{id}.{Version}.nupkg");

    /// <summary>A private NuGet cache, so that no earlier copy of the same version can stand in for the fresh package.</summary>
    public static Dictionary<string, string> FreshCache(string root) => new() { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-cache") };

    private void Pack(string project, params string[] extra)
    {
        var pack = DotnetProcess.Run(DotnetProcess.Host, ["pack", project, .. extra, "-c", DotnetProcess.Configuration, "-o", Folder], Fixtures.RepoRoot, timeoutSeconds: 900);
        if (pack.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed: {pack}");
        if (pack.Out.Contains("warning", StringComparison.OrdinalIgnoreCase)) throw new InvalidOperationException($"dotnet pack {project} warned: {pack}");
    }
}

/// <summary>
/// What a user does with the packages: the library carries its XML docs; the tool installs
/// from the package folder and <c>camsharp demo</c> works; README's ten-line library example
/// builds against the library package and runs.
/// </summary>
public sealed class PackageTests(PackedPackages packed) : IClassFixture<PackedPackages>
{
    [Fact]
    public void Pack_LibraryAndToolPackagesAtTheOneVersion_LibraryWithXmlDocs()
    {
        Assert.Equal([packed.File("CamSharp"), packed.File("CamSharp.Tool"), packed.File("CamSharp.Tool.any"), packed.File("CamSharp.Tool.linux-x64")],
            Directory.GetFiles(packed.Folder).Order(StringComparer.Ordinal));
        using (var zip = ZipFile.OpenRead(packed.File("CamSharp")))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "lib/net10.0/CamSharp.dll");
            using var docs = new StreamReader(zip.Entries.Single(e => e.FullName == "lib/net10.0/CamSharp.xml").Open());
            Assert.Contains("T:CamSharp.Reports.ReportBuilder", docs.ReadToEnd());
        }
    }

    [Fact]
    public void Pack_ToolPointerPackage_NamesTheCommandAndBothRuntimePackages()
    {
        using var zip = ZipFile.OpenRead(packed.File("CamSharp.Tool"));
        using var settings = zip.Entries.Single(e => e.FullName.EndsWith("/DotnetToolSettings.xml")).Open();
        var xml = XDocument.Load(settings);
        Assert.Equal("camsharp", xml.Descendants("Command").Single().Attribute("Name")?.Value);
        var packages = xml.Descendants("RuntimeIdentifierPackage").Select(p => (p.Attribute("RuntimeIdentifier")?.Value, p.Attribute("Id")?.Value)).Order();
        Assert.Equal([("any", "CamSharp.Tool.any"), ("linux-x64", "CamSharp.Tool.linux-x64")], packages);
    }

    [Fact]
    public void Pack_LinuxPackage_NativeExecutableWhenPackedOnLinuxX64()
    {
        // Packed on linux-x64 the runtime package is one native (AOT) executable; elsewhere it carries ReadyToRun assemblies.
        using var zip = ZipFile.OpenRead(packed.File("CamSharp.Tool.linux-x64"));
        if (RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            var executable = zip.Entries.Single(e => e.FullName == "tools/any/linux-x64/CamSharp.Cli");
            Assert.True(PackageContents.IsElfExecutable(executable), $"{executable.FullName} is not a native executable");
            Assert.DoesNotContain(zip.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
        }
        else
        {
            foreach (string assembly in new[] { "CamSharp.Cli.dll", "CamSharp.dll" })
                Assert.True(PackageContents.IsReadyToRun(zip.Entries.Single(e => e.FullName == $"tools/net10.0/linux-x64/{assembly}")), assembly);
        }
    }

    [Fact]
    public void Pack_PortablePackage_PlainIlAssemblies()
    {
        using var zip = ZipFile.OpenRead(packed.File("CamSharp.Tool.any"));
        foreach (string assembly in new[] { "CamSharp.Cli.dll", "CamSharp.dll" })
        {
            var entry = zip.Entries.Single(e => e.FullName == $"tools/net10.0/any/{assembly}");
            Assert.False(PackageContents.IsReadyToRun(entry), $"{entry.FullName} carries precompiled code for one runtime");
        }
    }

    [Fact]
    public void Pack_EveryPackage_CarriesReadmeLicenceAndRepository()
    {
        foreach (string file in Directory.GetFiles(packed.Folder))
        {
            using var zip = ZipFile.OpenRead(file);
            var nuspec = PackageContents.Nuspec(zip);
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var metadata = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MIT", metadata.Element(ns + "license")?.Value);
            Assert.Equal("expression", metadata.Element(ns + "license")?.Attribute("type")?.Value);
            Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Equal("git", metadata.Element(ns + "repository")?.Attribute("type")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")?.Value), file);
        }
    }

    [Fact]
    public void Solution_EveryProjectButLibraryAndTool_IsNotPackable()
    {
        var solution = XDocument.Load(Path.Combine(Fixtures.RepoRoot, "CamSharp.slnx"));
        var projects = solution.Descendants("Project").Select(p => p.Attribute("Path")!.Value).ToList();
        Assert.Contains("src/CamSharp/CamSharp.csproj", projects);
        foreach (string project in projects.Where(p => !p.StartsWith("src/", StringComparison.Ordinal)))
        {
            var isPackable = XDocument.Load(Path.Combine(Fixtures.RepoRoot, project)).Descendants("IsPackable").Select(e => e.Value).SingleOrDefault();
            Assert.True(isPackable == "false", $"{project} would be packed by 'dotnet pack' of the solution: set IsPackable to false");
        }
    }

    [Fact]
    public void PortablePackage_RunWithDotnet_PrintsVersionAndDrawsDemo()
    {
        // Where no runtime-specific package fits, the install takes CamSharp.Tool.any: its files must run on the shared runtime alone.
        string root = CliRunner.TempDir();
        ZipFile.ExtractToDirectory(packed.File("CamSharp.Tool.any"), root);
        string cli = Path.Combine(root, "tools", "net10.0", "any", "CamSharp.Cli.dll");
        var version = DotnetProcess.Run(DotnetProcess.Host, [cli, "--version"], root);
        Assert.True(version.ExitCode == 0, version.ToString());
        Assert.StartsWith(packed.Version, version.Out.Trim());
        var demo = DotnetProcess.Run(DotnetProcess.Host, [cli, "demo", "--seed", "3", "--out-file", "demo.png"], root);
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.True(ImageDecoder.Load(Path.Combine(root, "demo.png")).Width > 0);
    }

    [Fact]
    public void ToolInstall_FromPackageFolder_CamsharpDemoWorksFromTheRuntimePackage()
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

        // On linux-x64 the install takes the precompiled package; elsewhere the portable one.
        string expected = RuntimeInformation.RuntimeIdentifier == "linux-x64" ? "camsharp.tool.linux-x64" : "camsharp.tool.any";
        Assert.True(Directory.Exists(Path.Combine(tools, ".store", "camsharp.tool", packed.Version, expected)), $"the install did not take {expected}");
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
