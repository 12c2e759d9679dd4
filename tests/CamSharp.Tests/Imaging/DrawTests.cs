using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class DrawTests
{
    [Fact]
    public void Rectangle_Thickness_DrawsBorderInsideBox()
    {
        var img = RgbImage.Filled(10, 10, Rgb.Black);
        var red = new Rgb(255, 0, 0);
        Draw.Rectangle(img, 2, 2, 8, 8, red, thickness: 2);
        Assert.Equal(red, img[2, 2]);
        Assert.Equal(red, img[3, 5]);
        Assert.Equal(red, img[7, 7]);
        Assert.Equal(Rgb.Black, img[4, 4]);
        Assert.Equal(Rgb.Black, img[8, 8]);
        Assert.Equal(Rgb.Black, img[1, 2]);
    }

    [Fact]
    public void Text_DrawsAntiAliasedGlyphsOnBackgroundBox()
    {
        var blue = new Rgb(0, 0, 255);
        var img = RgbImage.Filled(60, 40, blue);
        Draw.Text(img, "O", 0, 0, Rgb.White, Rgb.Black);
        var (w, h) = Draw.MeasureTextBox("O");
        var inBox = Pixels(img, 0, 0, w, h);
        Assert.Contains(Rgb.White, inBox);                                     // fully covered pixels
        Assert.Contains(inBox, p => p.R == p.G && p.R is > 20 and < 235);      // edge pixels blended, grey
        Assert.Contains(Rgb.Black, inBox);                                     // the background box
        Assert.Equal(blue, img[w + 1, 5]);                                     // outside the box
    }

    [Fact]
    public void MeasureText_DoubleSize_AboutTwiceAsLarge()
    {
        var (w14, h14) = Draw.MeasureText("dog!", 14);
        var (w28, h28) = Draw.MeasureText("dog!", 28);
        Assert.InRange(w28, 2 * w14 - 3, 2 * w14 + 3);
        Assert.InRange(h28, 2 * h14 - 2, 2 * h14 + 2);
        Assert.True(h14 >= 14, $"line height {h14} at 14 px");
    }

    [Fact]
    public void MeasureText_KerningPair_NarrowerThanItsLetters()
    {
        int pair = Draw.MeasureText("AV", 40).Width;
        Assert.True(pair < Draw.MeasureText("A", 40).Width + Draw.MeasureText("V", 40).Width - 1, $"'AV' is {pair} px wide: no kerning");
    }

    [Fact]
    public void Text_EveryPrintableCharacter_HasInkExceptSpace()
    {
        var characters = Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c).Concat("éüßñ°±µ×…–").ToArray();
        foreach (char c in characters)
        {
            var img = RgbImage.Filled(30, 30, Rgb.White);
            Draw.Text(img, c.ToString(), 0, 0, Rgb.Black, Rgb.White);
            Assert.True(img.Pixels.Any(v => v < 128), $"'{c}' drew nothing");
        }
        var space = RgbImage.Filled(30, 30, Rgb.White);
        Draw.Text(space, " ", 0, 0, Rgb.Black, Rgb.White);
        Assert.DoesNotContain(space.Pixels, v => v < 255);
    }

    [Fact]
    public void Text_CharacterOutsideTheAtlas_DrawnAsQuestionMark()
    {
        var a = RgbImage.Filled(30, 30, Rgb.White);
        var b = RgbImage.Filled(30, 30, Rgb.White);
        Draw.Text(a, "\u4e2d", 0, 0, Rgb.Black, Rgb.White);
        Draw.Text(b, "?", 0, 0, Rgb.Black, Rgb.White);
        Assert.Equal(b.Pixels, a.Pixels);
    }

    [Theory]
    [InlineData(224, 224, 14)]
    [InlineData(640, 480, 30)]
    [InlineData(100, 60, 12)]
    public void TextSizeFor_PanelSize_ProportionalWithFloor(int width, int height, int expected) =>
        Assert.Equal(expected, Draw.TextSizeFor(width, height));

    [Fact]
    public void HaloText_OnMidGrey_RingsWhiteTextWithBlack()
    {
        var grey = new Rgb(128, 128, 128);
        var img = RgbImage.Filled(80, 30, grey);
        Draw.HaloText(img, "Hi", 4, 4, Rgb.White, Rgb.Black);
        var all = Pixels(img, 0, 0, 80, 30);
        Assert.Contains(Rgb.White, all);
        Assert.Contains(Rgb.Black, all);
        Assert.Equal(grey, img[79, 29]);
    }

    private static List<Rgb> Pixels(RgbImage img, int x0, int y0, int x1, int y1)
    {
        var list = new List<Rgb>();
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) list.Add(img[x, y]);
        return list;
    }

    [Fact]
    public void BoxWithLabel_AtTopEdge_MovesLabelInsideImage()
    {
        var img = RgbImage.Filled(100, 60, Rgb.Black);
        var color = new Rgb(255, 56, 56);
        Draw.BoxWithLabel(img, 90, 0, 99, 50, "dog: 96.3", color);
        var (lw, _) = Draw.MeasureTextBox("dog: 96.3");
        Assert.Equal(color, img[100 - lw, 0]); // shifted left to fit, and placed inside at the top
        Assert.Equal(color, img[99 - 1, 40]);  // the box itself
    }

    [Fact]
    public void BoxWithLabel_WithRoomAbove_PutsLabelAboveBox()
    {
        var img = RgbImage.Filled(100, 60, Rgb.Black);
        var color = new Rgb(0, 200, 0);
        Draw.BoxWithLabel(img, 10, 30, 60, 55, "cat", color);
        var (_, lh) = Draw.MeasureTextBox("cat");
        Assert.Equal(color, img[10, 30 - lh]);
        Assert.Equal(Rgb.Black, img[10, 30 - lh - 1]);
    }

    [Fact]
    public void BoxesWithLabels_TwoBoxesSameCorner_LabelsDoNotOverlap()
    {
        var img = RgbImage.Filled(200, 150, Rgb.Black);
        LabeledBox[] boxes = [new(40, 60, 160, 140, "truck: 51.0", new Rgb(255, 0, 0)), new(42, 62, 150, 130, "car: 48.2", new Rgb(0, 0, 255))];
        Draw.BoxesWithLabels(img, boxes);
        var (tw, th) = Draw.MeasureTextBox("truck: 51.0");
        Assert.Equal(new Rgb(255, 0, 0), img[40, 60 - th]);    // the first box's label above it
        // The second label went elsewhere: the first one's box is still whole.
        for (int x = 40; x < 40 + tw; x++) Assert.NotEqual(new Rgb(0, 0, 255), img[x, 60 - th]);
        Assert.Contains(Pixels(img, 0, 0, 200, 150), p => p == new Rgb(0, 0, 255));
    }
}
