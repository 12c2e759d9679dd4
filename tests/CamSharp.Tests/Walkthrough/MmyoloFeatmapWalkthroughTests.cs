using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>
/// MMYOLO's feature-map guide, examples (1)–(5), typed against an Ultralytics YOLOv8n export
/// (MMYOLO's backbone part names, such as `backbone.stage4`, resolve there too). One panel per layer, laid out as MMYOLO's
/// auto-arrangement does (three layers in a 2×2 grid), always aligned with the original image.
/// </summary>
public sealed class MmyoloFeatmapWalkthroughTests
{
    private static readonly string Dog = Newcomer.Asset("images/dog_bike_car.jpg");
    private static readonly string Yolo = Newcomer.Asset("models/yolov8n_dequant_fp32.onnx");

    private static readonly Lazy<(Newcomer User, (int W, int H) Panel)> Session = new(() =>
    {
        var user = new Newcomer();
        user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "model.9", "--channel-reduction", "squeeze_mean", "--out-file", "one.png");
        var one = user.Picture("one.png");
        return (user, (one.Width, one.Height));
    });

    private static void AssertGrid((int W, int H) size, (int W, int H) panel, int columns, int rows)
    {
        double across = size.W / (double)panel.W, down = size.H / (double)panel.H;
        Assert.True(Math.Abs(across - columns) < 0.25 && Math.Abs(down - rows) < 0.25,
            $"{size.W}x{size.H} is {across:F2} x {down:F2} panels of {panel.W}x{panel.H}; expected {columns} x {rows}");
    }

    [Fact]
    public void Example1_BackboneSelectMax_ThreeLayersInATwoByTwoGrid()
    {
        var (user, panel) = Session.Value;
        var r = user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "backbone", "--channel-reduction", "select_max", "--out-file", "ex1.png");
        Assert.Contains("ex1.png", r.Out + r.Err);
        var picture = user.Picture("ex1.png");
        AssertGrid((picture.Width, picture.Height), panel, 2, 2);
    }

    [Fact]
    public void Example2_NeckSqueezeMean_ThreeLayersUnlikeTheBackbone()
    {
        var (user, panel) = Session.Value;
        user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "neck", "--channel-reduction", "squeeze_mean", "--out-file", "ex2.png");
        user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "backbone", "--channel-reduction", "squeeze_mean", "--out-file", "ex2b.png");
        var neck = user.Picture("ex2.png");
        AssertGrid((neck.Width, neck.Height), panel, 2, 2);
        Assert.True(Newcomer.Difference(neck, user.Picture("ex2b.png")) > 5, "the neck's maps look like the backbone's");
    }

    [Fact]
    public void Example3_TwoStages_TwoPanelsSideBySide()
    {
        var (user, panel) = Session.Value;
        user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "backbone.stage4", "backbone.stage3", "--channel-reduction", "squeeze_mean", "--out-file", "ex3.png");
        var picture = user.Picture("ex3.png");
        AssertGrid((picture.Width, picture.Height), panel, 2, 1);
    }

    [Fact]
    public void Example4_TopThreeChannelsArrangedTwoByTwo_PerLayerGridsSideBySide()
    {
        var (user, panel) = Session.Value;
        user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "model.6", "model.8", "--channel-reduction", "None",
            "--topk", "3", "--arrangement", "2", "2", "--out-file", "ex4.png");
        var picture = user.Picture("ex4.png");
        // Each layer: its top 3 channels in 2×2; the two layers side by side.
        Assert.True(picture.Width >= 3.8 * panel.W && picture.Height >= 1.8 * panel.H && picture.Height < 2.6 * panel.H,
            $"{picture.Width}x{picture.Height} for panels of {panel.W}x{panel.H}");
    }

    [Fact]
    public void Example5_OutFileJpg_WritesAJpegThere()
    {
        var (user, _) = Session.Value;
        var r = user.Succeeds("featmap", Dog, "--model", Yolo, "--target-layers", "backbone", "--channel-reduction", "select_max", "--out-file", "featmap_backbone.jpg");
        var bytes = File.ReadAllBytes(user.PathOf("featmap_backbone.jpg"));
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.Contains("featmap_backbone.jpg", r.Out + r.Err);
    }

    [Fact]
    public void TwoImagesWithOutFile_RefusedPointingToOutDir_AndOutDirKeepsNames()
    {
        var (user, _) = Session.Value;
        var r = user.Run("featmap", Dog, Newcomer.Asset("images/bus.jpg"), "--model", Yolo, "--out-file", "both.jpg");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--out-dir", r.Err);
        Assert.False(user.Exists("both.jpg"));
        user.Succeeds("featmap", Dog, Newcomer.Asset("images/bus.jpg"), "--model", Yolo, "--out-dir", "maps");
        Assert.True(user.Exists("maps/dog_bike_car.jpg") && user.Exists("maps/bus.jpg"), string.Join(", ", Directory.GetFiles(user.PathOf("maps"))));
    }

    [Theory]
    [InlineData("models/squeezenet1_1_tv.onnx", "features.12")]
    [InlineData("models/yolox_nano.onnx", "1145")]
    public void NoTargetLayers_TheModelsOwnFeatureLayers(string model, string shownLayer)
    {
        var (user, _) = Session.Value;
        string outFile = Path.GetFileNameWithoutExtension(model) + "-default.png";
        var r = user.Succeeds("featmap", Dog, "--model", Newcomer.Asset(model), "--out-file", outFile);
        Assert.Contains(outFile, r.Out + r.Err);
        var layers = user.Succeeds("layers", Newcomer.Asset(model), "--depth", "0");
        Assert.Contains(shownLayer, layers.Out.Split('\n').First(l => l.StartsWith("featmap:", StringComparison.Ordinal)));
    }
}
