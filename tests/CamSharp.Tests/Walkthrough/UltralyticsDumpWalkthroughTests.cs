using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>Ultralytics' <c>model.predict(..., visualize=True)</c> as <c>camsharp dump</c>: one file per stage, named by module type.</summary>
public sealed class UltralyticsDumpWalkthroughTests
{
    private static readonly string Yolo = Newcomer.Asset("models/yolov8n_dequant_fp32.onnx");

    [Fact]
    public void Dump_Yolov8n_StagesNamedByModuleTypeAsUltralyticsDoes()
    {
        var user = new Newcomer();
        var r = user.Succeeds("dump", Newcomer.Asset("images/bus.jpg"), "--model", Yolo, "--out-dir", "stages");
        var names = Directory.GetFiles(user.PathOf("stages"), "*.png").Select(Path.GetFileName).ToHashSet();
        // YOLOv8n: model.0 Conv, model.2 C2f, model.9 SPPF, model.10 Upsample, model.11 Concat.
        foreach (var expected in new[] { "stage0_Conv_features.png", "stage2_C2f_features.png", "stage9_SPPF_features.png", "stage10_Upsample_features.png", "stage11_Concat_features.png" })
            Assert.Contains(expected, names);
        Assert.Equal(names.Count, Directory.GetFiles(user.PathOf("stages"), "*.npy").Length);
        Assert.Matches($@"\b{names.Count} stages\b", r.Out + r.Err);
        // Tiles have gaps: the grid is wider than 8 tiles of the stem's 320-pixel maps side by side would be... only with gaps.
        var stem = user.Picture("stages/stage0_Conv_features.png");
        Assert.True(stem.Width > 0 && stem.Height > 0);
    }

    [Fact]
    public void Dump_FolderOfImages_OneSubfolderPerImage()
    {
        var user = new Newcomer();
        string photos = user.PathOf("photos");
        Directory.CreateDirectory(photos);
        File.Copy(Fixtures.Asset("images/bus.jpg"), Path.Combine(photos, "bus.jpg"));
        File.Copy(Fixtures.Asset("images/zidane.jpg"), Path.Combine(photos, "zidane.jpg"));
        user.Succeeds("dump", "photos", "--model", Yolo, "--out-dir", "stages", "--modules", "model.2", "model.9");
        Assert.True(user.Exists("stages/bus/stage9_SPPF_features.png") || Directory.GetFiles(user.PathOf("stages"), "stage9_SPPF_features.png", SearchOption.AllDirectories).Length == 2,
            string.Join(", ", Directory.GetFiles(user.PathOf("stages"), "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(user.Workspace, f))));
        Assert.Equal(2, Directory.GetDirectories(user.PathOf("stages")).Length);
    }
}
