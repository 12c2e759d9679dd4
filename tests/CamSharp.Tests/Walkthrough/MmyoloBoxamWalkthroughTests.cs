using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>MMYOLO's box-AM guide: the default run, --topk, AblationCAM and --norm-in-bbox, on YOLOv8n and the guide's dog.jpg.</summary>
public sealed class MmyoloBoxamWalkthroughTests
{
    private static readonly string Dog = Newcomer.Asset("images/dog_bike_car.jpg");
    private static readonly string Yolo = Newcomer.Asset("models/yolov8n_dequant_fp32.onnx");
    private static readonly Lazy<Newcomer> User = new(() => new Newcomer());

    [Fact]
    public void Example1_NoFlags_OneMapOverEveryBox_AtTheImagesSize()
    {
        var user = User.Value;
        var r = user.Succeeds("boxam", Dog, "--model", Yolo, "--out-file", "am.png");
        Assert.Matches(@"\b4 boxes\b", r.Out + r.Err);          // dog, bicycle, car, truck
        var picture = user.Picture("am.png");
        Assert.Equal((768, 576), (picture.Width, picture.Height));
    }

    [Fact]
    public void Example1_Topk2_KeepsTwoBoxes()
    {
        var user = User.Value;
        var r = user.Succeeds("boxam", Dog, "--model", Yolo, "--topk", "2", "--out-file", "top2.png");
        Assert.Matches(@"\b2 boxes\b", r.Out + r.Err);
    }

    [Fact]
    public void Example2_AblationCam_NormInBbox_MapIsZeroOutsideTheBoxesOnly()
    {
        var user = User.Value;
        // AblationCAM re-runs the head once per channel: one level (the neck's last output, as the guide says) keeps it short.
        user.Succeeds("boxam", Dog, "--model", Yolo, "--method", "ablationcam", "--target-layers", "model.21", "--norm-in-bbox", "--out-file", "abn.png", "--save-raw", "abn.npy");
        var v = user.Npy("abn.npy").Floats.ToArray();
        int zeros = v.Count(x => x == 0);
        Assert.True(zeros > v.Length / 10 && zeros < v.Length * 9 / 10, $"{zeros} zeros of {v.Length}");
        Assert.True(v.Max() > 0.5f);
        // The same with and without --norm-in-bbox differs only by that (Eigen-CAM: cheap).
        user.Succeeds("boxam", Dog, "--model", Yolo, "--method", "eigencam", "--out-file", "e.png", "--save-raw", "e.npy");
        user.Succeeds("boxam", Dog, "--model", Yolo, "--method", "eigencam", "--norm-in-bbox", "--out-file", "en.png", "--save-raw", "en.npy");
        var plain = user.Npy("e.npy").Floats.ToArray();
        var inBox = user.Npy("en.npy").Floats.ToArray();
        Assert.True(inBox.Count(x => x == 0) > plain.Count(x => x == 0) + v.Length / 10);
        Assert.True(Newcomer.Difference(user.Picture("e.png"), user.Picture("en.png")) > 2);
    }
}
