using System.IO.Compression;

namespace CamSharp.Imaging.Text;

/// <summary>
/// CamSharp's text: DejaVu Sans, rendered once at build time into anti-aliased glyph atlases at
/// a ladder of pixel sizes (<c>Resources/dejavu-sans.glyphs.gz</c>, made by
/// <c>tools/font_atlas/make_font_atlas.py</c>), read lazily on first use. No native font engine.
/// </summary>
internal static class CaptionFont
{
    private const string ResourceName = "CamSharp.Resources.dejavu-sans.glyphs.gz";

    private static readonly Lazy<GlyphAtlas[]> Atlases = new(Load);

    /// <summary>The pixel sizes in the atlas, ascending.</summary>
    public static IReadOnlyList<int> Sizes => Atlases.Value.Select(a => a.PixelSize).ToArray();

    /// <summary>The largest rendered size not above <paramref name="pixelSize"/> (the smallest when none is).</summary>
    public static GlyphAtlas At(int pixelSize)
    {
        var all = Atlases.Value;
        var chosen = all[0];
        foreach (var a in all) if (a.PixelSize <= pixelSize) chosen = a;
        return chosen;
    }

    private static GlyphAtlas[] Load()
    {
        using var stream = typeof(CaptionFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font resource '{ResourceName}' is missing from the assembly.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip);
        if (new string(reader.ReadChars(4)) != "CSGA" || reader.ReadUInt16() != 1)
            throw new InvalidDataException($"The embedded font resource '{ResourceName}' is not a version-1 glyph atlas.");
        var atlases = new GlyphAtlas[reader.ReadUInt16()];
        for (int s = 0; s < atlases.Length; s++) atlases[s] = ReadSize(reader);
        return atlases;
    }

    private static GlyphAtlas ReadSize(BinaryReader reader)
    {
        int size = reader.ReadUInt16(), ascent = reader.ReadInt16(), descent = reader.ReadInt16(), count = reader.ReadUInt16();
        var glyphs = new Dictionary<char, Glyph>(count);
        for (int i = 0; i < count; i++)
        {
            char c = (char)reader.ReadUInt16();
            int advance = reader.ReadUInt16(), left = reader.ReadInt16(), top = reader.ReadInt16(), w = reader.ReadUInt16(), h = reader.ReadUInt16();
            glyphs[c] = new Glyph(advance, left, top, w, h, reader.ReadBytes(w * h));
        }
        int pairs = reader.ReadUInt16();
        var kerning = new Dictionary<(char, char), int>(pairs);
        for (int i = 0; i < pairs; i++) kerning[((char)reader.ReadUInt16(), (char)reader.ReadUInt16())] = reader.ReadInt16();
        return new GlyphAtlas(size, ascent, descent, glyphs, kerning);
    }
}
