using System.Text.Json;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class ColorMapTests
{
    public static TheoryData<string> FixtureMaps()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.File("images/colormaps.json")));
        var d = new TheoryData<string>();
        foreach (var p in doc.RootElement.EnumerateObject()) d.Add(p.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(FixtureMaps))]
    public void Indexer_EveryEntry_EqualsOpenCvApplyColorMap(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Fixtures.File("images/colormaps.json")));
        var table = doc.RootElement.GetProperty(name);
        var map = ColorMap.Get(Enum.Parse<ColorMapKind>(name, ignoreCase: true));
        Assert.Equal(256, table.GetArrayLength());
        for (int i = 0; i < 256; i++)
        {
            var e = table[i];
            Assert.Equal(new Rgb((byte)e[0].GetInt32(), (byte)e[1].GetInt32(), (byte)e[2].GetInt32()), map[(byte)i]);
        }
    }

    [Fact]
    public void Jet_FollowsOctaveJetShape()
    {
        // Octave jet: blue → cyan → yellow → red, each channel a trapezoid over 0..255.
        static double Ramp(double x) => Math.Clamp(x, 0, 1);
        for (int i = 0; i < 256; i++)
        {
            double t = i / 255.0;
            var c = ColorMap.Jet[(byte)i];
            Assert.InRange(c.R, 255 * Ramp(Math.Min(4 * t - 1.5, -4 * t + 4.5)) - 4, 255 * Ramp(Math.Min(4 * t - 1.5, -4 * t + 4.5)) + 4);
            Assert.InRange(c.G, 255 * Ramp(Math.Min(4 * t - 0.5, -4 * t + 3.5)) - 4, 255 * Ramp(Math.Min(4 * t - 0.5, -4 * t + 3.5)) + 4);
            Assert.InRange(c.B, 255 * Ramp(Math.Min(4 * t + 0.5, -4 * t + 2.5)) - 4, 255 * Ramp(Math.Min(4 * t + 0.5, -4 * t + 2.5)) + 4);
        }
    }

    [Fact]
    public void Gray_IsIdentity()
    {
        for (int i = 0; i < 256; i++) Assert.Equal(new Rgb((byte)i, (byte)i, (byte)i), ColorMap.Gray[(byte)i]);
    }

    [Fact]
    public void Apply_IndicesToColours()
    {
        var img = ColorMap.Hot.Apply([0, 255], 2, 1);
        Assert.Equal(ColorMap.Hot[0], img[0, 0]);
        Assert.Equal(new Rgb(255, 255, 255), img[1, 0]);
    }
}
