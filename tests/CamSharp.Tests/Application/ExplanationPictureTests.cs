using CamSharp.Application;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Application;

public sealed class ExplanationPictureTests
{
    private static FloatMap Ramp(int size, int seed) =>
        new(size, size, Enumerable.Range(0, size * size).Select(i => (float)((i * (seed + 3) + seed * 7) % 97) / 96f).ToArray());

    private static Explanation Of(string method, params ExplainedMap[] maps) => new() { Method = method, Maps = maps, Layers = [] };

    private static ExplainedMap Map(string label, FloatMap map, double score = 1.5) => new() { Label = label, AtInput = map, Score = score };

    [Fact]
    public void Compose_OneMap_DrawnAloneWithoutCaption()
    {
        var e = Of("gradcam", Map("cat", Ramp(32, 1)));
        Assert.Equal(ExplanationPicture.Draw(e, e.Maps[0]).Pixels, ExplanationPicture.Compose([e]).Pixels);
    }

    [Fact]
    public void Compose_ThreeMethodsTwoClasses_ClassRowsMethodColumnsInCatalogueOrder()
    {
        FloatMap[] maps = [.. Enumerable.Range(0, 6).Select(i => Ramp(32, i))];
        var results = new[]
        {
            Of("eigencam", Map("cat", maps[0]), Map("dog", maps[1])),
            Of("gradcam", Map("cat", maps[2]), Map("dog", maps[3])),
            Of("layercam", Map("cat", maps[4]), Map("dog", maps[5])),
        };
        var grid = ExplanationPicture.Compose(results);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(32, 32)).Height, step = 32 + 4;
        Assert.Equal((3 * 32 + 2 * 4, 2 * (bar + 32) + 4), (grid.Width, grid.Height));
        // Column order gradcam, layercam, eigencam; row order cat, dog.
        int[][] expected = [[2, 4, 0], [3, 5, 1]];
        for (int row = 0; row < 2; row++)
            for (int col = 0; col < 3; col++)
            {
                var panel = ColorMap.Jet.Apply(maps[expected[row][col]]);
                Assert.Equal(panel[20, 20], grid[col * step + 20, row * (bar + 32 + 4) + bar + 20]);
            }
    }

    [Fact]
    public void Compose_SmallerPicturePanel_ScaledToTheMapPanelsNoWhiteSpace()
    {
        var guided = RgbImage.Filled(16, 16, new Rgb(10, 200, 10));
        var results = new[]
        {
            Of("gradcam", Map("cat", Ramp(32, 1))),
            Of("guidedbackprop", new ExplainedMap { Label = "cat", Picture = guided }),
        };
        var grid = ExplanationPicture.Compose(results);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(32, 32)).Height;
        Assert.Equal((2 * 32 + 4, bar + 32), (grid.Width, grid.Height));
        Assert.Equal(new Rgb(10, 200, 10), grid[36 + 31, bar + 31]);   // the guided panel fills its whole cell
    }

    [Fact]
    public void Compose_DffWithClassMaps_ConceptsInARowOfTheirOwn()
    {
        var results = new[]
        {
            Of("dff", Map("concept 0: dog", Ramp(32, 1)), Map("concept 1: cat", Ramp(32, 2)), Map("concept 2: grass", Ramp(32, 3))),
            Of("gradcam", Map("cat", Ramp(32, 4))),
        };
        var grid = ExplanationPicture.Compose(results);
        int bar = Draw.MeasureTextBox("Xg", Draw.TextSizeFor(32, 32)).Height;
        Assert.Equal((3 * 32 + 2 * 4, 2 * (bar + 32) + 4), (grid.Width, grid.Height));
        Assert.Equal(ColorMap.Jet.Apply(Ramp(32, 4))[5, 5], grid[5, bar + 5]);                 // gradcam first, in the class row
        Assert.Equal(Rgb.White, grid[36 + 5, bar + 5]);                                        // nothing else in that row
        Assert.Equal(ColorMap.Jet.Apply(Ramp(32, 3))[5, 5], grid[72 + 5, 2 * bar + 36 + 5]);   // concept 2 in the DFF row
    }

    [Fact]
    public void Compose_NoMaps_Throws() => Assert.Throws<ArgumentException>(() => ExplanationPicture.Compose([Of("gradcam")]));
}
