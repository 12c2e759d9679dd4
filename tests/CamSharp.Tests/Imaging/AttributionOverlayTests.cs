using CamSharp.Explain.Attribution;
using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class AttributionOverlayTests
{
    [Fact]
    public void Lookup_Ends_AreTheColourMapEnds()
    {
        var greens = AttributionOverlay.Stops(AttributionSign.Positive);
        Assert.Equal(greens[0], AttributionOverlay.Lookup(greens, 0f));
        Assert.Equal(greens[^1], AttributionOverlay.Lookup(greens, 1f));
        // matplotlib: entry 128 of 256, i.e. 128/255 of the way along the stops
        var rdwhgn = AttributionOverlay.Stops(AttributionSign.All);
        var mid = AttributionOverlay.Lookup(rdwhgn, 0.5f);
        double f = 128 / 255.0 * 2 - 1; // just past white, towards green (0, 128/255, 0)
        Assert.Equal(1 - f, mid[0], 5);
        Assert.Equal(1 + (128 / 255.0 - 1) * f, mid[1], 5);
    }

    [Fact]
    public void BlendedHeatMap_HalfAlpha_MixesGreyAndHeat()
    {
        // Two pixels: black (grey 0) with no attribution, white (grey 1) with full positive attribution.
        float[] image = [0, 0, 0, 1, 1, 1];
        var img = AttributionOverlay.BlendedHeatMap(image, 2, 1, [0f, 1f], AttributionSign.Positive);
        var darkest = AttributionOverlay.Lookup(AttributionOverlay.Stops(AttributionSign.Positive), 1f);
        for (int c = 0; c < 3; c++)
        {
            var first = AttributionOverlay.Lookup(AttributionOverlay.Stops(AttributionSign.Positive), 0f);
            Assert.Equal((byte)System.Math.Round(255 * (0.5f * first[c] + 0.5f * 0f)), img.Pixels[c]);
            Assert.Equal((byte)System.Math.Round(255 * (0.5f * darkest[c] + 0.5f * 1f)), img.Pixels[3 + c]);
        }
    }

    [Fact]
    public void BlendedHeatMap_WrongMapSize_Throws()
    {
        Assert.Throws<ArgumentException>(() => AttributionOverlay.BlendedHeatMap(new float[12], 2, 2, new float[3], AttributionSign.All));
    }
}
