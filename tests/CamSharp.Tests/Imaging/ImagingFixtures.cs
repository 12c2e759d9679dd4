using Xunit;
using System.Text.Json;
using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Tests.Imaging;

/// <summary>The OpenCV reference images of <c>fixtures/images/index.json</c>, and comparisons against them.</summary>
public static class ImagingFixtures
{
    public sealed record Entry(string File, int Height, int Width, string Decoded, string Linear224, string AreaThird, int AreaHeight, int AreaWidth)
    {
        public string AssetName => Path.GetFileName(File);
        public bool IsJpeg => !AssetName.EndsWith(".png", StringComparison.OrdinalIgnoreCase);
        public override string ToString() => AssetName;
    }

    private static readonly Lazy<Entry[]> EntriesLazy = new(() =>
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Fixtures.File("images/index.json")));
        return doc.RootElement.GetProperty("images").EnumerateArray().Select(e =>
        {
            var area = e.GetProperty("area_third_size");
            return new Entry(e.GetProperty("file").GetString()!, e.GetProperty("height").GetInt32(), e.GetProperty("width").GetInt32(),
                e.GetProperty("decoded").GetString()!, e.GetProperty("linear224").GetString()!, e.GetProperty("area_third").GetString()!,
                area[0].GetInt32(), area[1].GetInt32());
        }).ToArray();
    });

    public static Entry[] Entries => EntriesLazy.Value;

    /// <summary>Asset names for xunit theories.</summary>
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var e in Entries) d.Add(e.AssetName);
        return d;
    }

    public static Entry Get(string assetName) => Entries.Single(e => e.AssetName == assetName);

    /// <summary>An H×W×3 uint8 fixture as an image.</summary>
    public static RgbImage LoadImage(string fixture)
    {
        var a = Npy.ReadFile(Fixtures.File("images/" + fixture));
        Assert.Equal(3, a.Shape.Length);
        Assert.Equal(3, a.Shape[2]);
        return new RgbImage(a.Shape[1], a.Shape[0], a.ToBytes());
    }

    /// <summary>An H×W float32 fixture as a map.</summary>
    public static FloatMap LoadMap(string fixture)
    {
        var a = Npy.ReadFile(Fixtures.File("images/" + fixture));
        Assert.Equal(2, a.Shape.Length);
        var t = a.ToTensor();
        return new FloatMap(a.Shape[1], a.Shape[0], t.ToFloatArray());
    }

    /// <summary>A file in this test folder's <c>Data/</c> (made by libjpeg-turbo's cjpeg/djpeg and make_png_samples.py); fails if missing.</summary>
    public static string Data(string name)
    {
        string path = Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Imaging", "Data", name);
        return System.IO.File.Exists(path) ? path : throw new FileNotFoundException($"Test data missing: {path}");
    }

    /// <summary>Peak signal-to-noise ratio in dB over all channels.</summary>
    public static double Psnr(RgbImage expected, RgbImage actual)
    {
        double sse = 0;
        for (int i = 0; i < expected.Pixels.Length; i++) { double d = expected.Pixels[i] - actual.Pixels[i]; sse += d * d; }
        double mse = sse / expected.Pixels.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    /// <summary>Largest and mean absolute difference of two same-sized images.</summary>
    public static (int Max, double Mean) Diff(RgbImage expected, RgbImage actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        long sum = 0;
        int max = 0;
        var e = expected.Pixels;
        var a = actual.Pixels;
        for (int i = 0; i < e.Length; i++)
        {
            int d = Math.Abs(e[i] - a[i]);
            sum += d;
            if (d > max) max = d;
        }
        return (max, (double)sum / e.Length);
    }
}
