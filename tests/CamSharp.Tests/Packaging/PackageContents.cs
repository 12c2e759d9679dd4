using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace CamSharp.Tests.Packaging;

/// <summary>Reads what a .nupkg holds: its nuspec, whether an assembly in it carries precompiled code, and whether a file is a native executable.</summary>
internal static class PackageContents
{
    public static XDocument Nuspec(ZipArchive zip)
    {
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/')).Open();
        return XDocument.Load(stream);
    }

    /// <summary>ReadyToRun images carry a managed native header in their CLI header; IL-only assemblies do not.</summary>
    public static bool IsReadyToRun(ZipArchiveEntry assembly)
    {
        using var copy = new MemoryStream();
        using (var stream = assembly.Open()) stream.CopyTo(copy);
        copy.Position = 0;
        using var pe = new PEReader(copy);
        return pe.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }

    /// <summary>A Linux native executable starts with the ELF magic number.</summary>
    public static bool IsElfExecutable(ZipArchiveEntry file)
    {
        using var stream = file.Open();
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        return magic.SequenceEqual((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F']);
    }
}
