using CamSharp.Features;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Features;

public sealed class FeatureMapRendererTests
{
    private static RgbImage Gray(int w, int h) => RgbImage.Filled(w, h, new Rgb(100, 100, 100));

    /// <summary>MMEngine's rule written out: min–max to 0..255 (truncate), JET, (1−α)·img + α·heat rounded.</summary>
    private static Rgb Expected(float v, float min, float max, Rgb img, float alpha)
    {
        int idx = (int)Math.Clamp(MathF.Floor((v - min) * 255f / (max - min)), 0, 255);
        var heat = ColorMap.Jet[(byte)idx];
        byte Blend(byte a, byte b) => (byte)Math.Clamp((int)Math.Round(a * (1 - alpha) + b * alpha), 0, 255);
        return new Rgb(Blend(img.R, heat.R), Blend(img.G, heat.G), Blend(img.B, heat.B));
    }

    [Fact]
    public void Render_TopKTiles_MatchMmengineRuleWithinOneLevel()
    {
        // 3 channels of 4x4 with sums ordered 2 > 0 > 1; topk 2 in a 2x2 grid leaves two white cells.
        var data = new float[3 * 16];
        for (int i = 0; i < 16; i++) { data[i] = i; data[16 + i] = -i; data[32 + i] = 2 * i + 1; }
        var t = Tensor.FromFloats(data, 1, 3, 4, 4);
        var options = new FeatureMapOptions(ChannelReduction.None, topK: 2, rows: 2, columns: 2, alpha: 0.5f);
        var reduced = ReducedFeatureMap.Reduce(t, options);
        Assert.Equal([2, 0], reduced.Channels);
        var img = Gray(40, 40);   // tiles large enough for their captions
        var grid = FeatureMapRenderer.Render(reduced, img, options);
        Assert.Equal((80, 80), (grid.Width, grid.Height));
        // Bottom-right pixel of each tile: the map's maximum (edges clamp when resizing), clear of the caption.
        var e = Expected(31, 1, 31, img[39, 39], 0.5f);
        var got = grid[39, 39];
        Assert.InRange(Math.Abs(got.R - e.R) + Math.Abs(got.G - e.G) + Math.Abs(got.B - e.B), 0, 3);
        var e2 = Expected(15, 0, 15, img[39, 39], 0.5f);
        var got2 = grid[79, 39];
        Assert.InRange(Math.Abs(got2.R - e2.R) + Math.Abs(got2.G - e2.G) + Math.Abs(got2.B - e2.B), 0, 3);
        Assert.Equal(Rgb.White, grid[50, 60]);   // empty cell stays white
    }

    [Fact]
    public void Render_SqueezeMeanThroughLetterbox_PeakLandsOnSourceSquare()
    {
        // A 40x20 source letterboxed into 40x40 (pad 10 rows top and bottom); a feature map over the
        // input with its peak where the source's (30, 5) lands (input (30, 15)).
        var source = Gray(40, 20);
        var geometry = Preprocessor.Prepare(source, 40, 40, PreprocessOptions.Yolo).Geometry;
        var map = new float[10 * 10];
        map[(15 / 4) * 10 + 30 / 4] = 1;   // 4x4 cells: cell (row 3, col 7) covers input (28..31, 12..15)
        var reduced = new ReducedFeatureMap([new FloatMap(10, 10, map)], null, false);
        var image = FeatureMapRenderer.Render(reduced, source, new FeatureMapOptions(ChannelReduction.SqueezeMean), geometry);
        Assert.Equal((40, 20), (image.Width, image.Height));
        // Hottest pixel (most red) of the overlay.
        int best = -1, bx = 0, by = 0;
        for (int y = 0; y < 20; y++)
            for (int x = 0; x < 40; x++)
                if (image[x, y].R - image[x, y].B > best) { best = image[x, y].R - image[x, y].B; bx = x; by = y; }
        Assert.InRange(bx, 27, 32);
        Assert.InRange(by, 1, 6);
    }

    [Fact]
    public void DrawBoxes_WithGeometry_DrawsAtSourceCoordinates()
    {
        var source = Gray(40, 20);
        var geometry = Preprocessor.Prepare(source, 40, 40, PreprocessOptions.Yolo).Geometry;
        var drawn = FeatureMapRenderer.DrawBoxes(source, [new FeatureMapBox(5, 15, 20, 25, "")], geometry);
        Assert.NotEqual(source[5, 8], drawn[5, 8]);      // input y 15 → source y 5
        Assert.Equal(source[30, 15], drawn[30, 15]);
    }
}
