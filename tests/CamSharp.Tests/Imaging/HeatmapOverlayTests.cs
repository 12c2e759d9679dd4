using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Imaging;

public sealed class HeatmapOverlayTests
{
    [Fact]
    public void ShowCamOnImage_TwoPixels_MatchesPytorchGradCamArithmetic()
    {
        // heat = JET(uint8(255·mask))/255: (0,0,128)/255 and (128,0,0)/255; cam = 0.5·heat + 0.5·img;
        // cam /= max(cam) = 0.75098; out = uint8(255·cam).
        float[] img = [0.2f, 0.4f, 0.6f, 1f, 1f, 1f];
        var mask = new FloatMap(2, 1, [0f, 1f]);
        var result = HeatmapOverlay.ShowCamOnImage(img, mask);
        Assert.Equal([33, 67, 187, 255, 169, 169], result.Pixels);
    }

    [Fact]
    public void ShowCamOnImage_PhotographSizedInBlocks_SameBytesAsOnePass()
    {
        // 640×330 pixels run in three blocks on the worker team; the maximum lies in the last one.
        const int width = 640, height = 330;
        var random = new Random(7);
        var pixels = new byte[width * height * 3];
        random.NextBytes(pixels);
        var mask = new FloatMap(width, height, Enumerable.Range(0, width * height).Select(i => i / (float)(width * height - 1)).ToArray());
        var image = new RgbImage(width, height, pixels);

        var table = ColorMap.Jet.Table;
        var cam = new float[pixels.Length];
        float max = float.NegativeInfinity;
        for (int i = 0; i < width * height; i++)
            for (int c = 0; c < 3; c++)
            {
                float v = 0.5f * (table[3 * (int)(255f * mask.Data[i]) + c] / 255f) + 0.5f * (pixels[3 * i + c] / 255f);
                cam[3 * i + c] = v;
                max = Math.Max(max, v);
            }
        var expected = cam.Select(v => (byte)Math.Min(255f, 255f * (v / max))).ToArray();

        Assert.Equal(expected, HeatmapOverlay.ShowCamOnImage(image, mask).Pixels);
    }

    [Fact]
    public void ShowCamOnImage_ImageAboveOne_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => HeatmapOverlay.ShowCamOnImage([2f, 0f, 0f], new FloatMap(1, 1)));
    }

    [Fact]
    public void ShowCamOnImage_RgbImageOverload_DividesBy255()
    {
        var img = new RgbImage(2, 1, [51, 102, 153, 255, 255, 255]); // 0.2, 0.4, 0.6 and 1
        var mask = new FloatMap(2, 1, [0f, 1f]);
        Assert.Equal([33, 67, 187, 255, 169, 169], HeatmapOverlay.ShowCamOnImage(img, mask).Pixels);
    }

    [Fact]
    public void NormalizeMinMaxToBytes_MinToZeroMaxTo255Truncating()
    {
        Assert.Equal([0, 85, 170, 255], HeatmapOverlay.NormalizeMinMaxToBytes([-1f, 0f, 1f, 2f]));
        Assert.Equal([0, 0, 0], HeatmapOverlay.NormalizeMinMaxToBytes([3f, 3f, 3f])); // flat map: OpenCV scale 0
    }

    [Fact]
    public void FeatureMapOverlay_BlendsJetHalfAndHalf_RoundingHalfToEven()
    {
        var map = new FloatMap(2, 1, [0f, 1f]);
        var img = new RgbImage(2, 1, [101, 101, 101, 100, 100, 100]);
        var result = HeatmapOverlay.FeatureMapOverlay(map, img);
        // JET[0] = (0,0,128): (101+0)/2 = 50.5 → 50, (101+128)/2 = 114.5 → 114; JET[255] = (128,0,0).
        Assert.Equal([50, 50, 114, 114, 50, 50], result.Pixels);
    }

    [Fact]
    public void FeatureMapOverlay_WithoutImage_IsTheColouredMap()
    {
        var map = new FloatMap(3, 1, [0f, 0.5f, 1f]);
        var heat = HeatmapOverlay.FeatureMapOverlay(map, null);
        Assert.Equal([ColorMap.Jet[0], ColorMap.Jet[127], ColorMap.Jet[255]], Enumerable.Range(0, 3).Select(x => heat[x, 0]));
    }

    [Fact]
    public void FeatureMapOverlay_SmallerMap_IsResizedToTheImage()
    {
        var map = new FloatMap(2, 2, [0f, 1f, 2f, 3f]);
        var img = new RgbImage(8, 8);
        Assert.Equal((8, 8), (HeatmapOverlay.FeatureMapOverlay(map, img).Width, HeatmapOverlay.FeatureMapOverlay(map, img).Height));
    }
}
