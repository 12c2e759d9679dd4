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
    public void Text_DrawsGlyphPixelsOnBackgroundBox()
    {
        var img = RgbImage.Filled(20, 20, new Rgb(0, 0, 255));
        Draw.Text(img, "I", 0, 0, Rgb.White, Rgb.Black);
        var (w, h) = Draw.MeasureTextBox("I");
        Assert.Equal((7, 10), (w, h));
        Assert.Equal(Rgb.White, img[3, 1]);   // the stem of I (glyph column 2, row 0, after 1 px padding)
        Assert.Equal(Rgb.Black, img[1, 5]);   // background box
        Assert.Equal(new Rgb(0, 0, 255), img[8, 5]); // outside the box
    }

    [Fact]
    public void Text_ScaleTwo_DoublesSize()
    {
        Assert.Equal((2 * (4 * 6 - 1), 16), Draw.MeasureText("dog!", 2));
        var img = RgbImage.Filled(60, 30, Rgb.White);
        Draw.Text(img, "dog!", 0, 0, Rgb.Black, Rgb.White, 2);
        int dark = 0;
        for (int i = 0; i < img.Pixels.Length; i += 3) if (img.Pixels[i] == 0) dark++;
        Assert.True(dark > 0 && dark % 4 == 0, $"{dark} dark pixels: each font pixel is a 2x2 square");
    }

    [Fact]
    public void Text_EveryPrintableCharacter_HasInkExceptSpace()
    {
        for (char c = '!'; c <= '~'; c++)
        {
            var img = RgbImage.Filled(8, 11, Rgb.White);
            Draw.Text(img, c.ToString(), 0, 0, Rgb.Black, Rgb.White);
            Assert.Contains((byte)0, img.Pixels);
        }
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
}
