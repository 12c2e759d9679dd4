using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>Issue 19 item 8: an option that the rest of the command line makes pointless is said, not dropped in silence.</summary>
[Collection("cli")]
public sealed class IgnoredOptionsTests
{
    private static readonly string Image = Fixtures.File("inputs/d64_a.png");
    private static readonly string Digits = Fixtures.File("models/digitcnn.onnx");

    private static CliRunner.Result Featmap(params string[] extra) =>
        CliRunner.Run(["featmap", Image, "--model", Digits, "--target-layers", "block4", "--out-file", Path.Combine(CliRunner.TempDir(), "f.png"), .. extra]);

    private static CliRunner.Result Cam(params string[] extra) =>
        CliRunner.Run(["cam", Image, "--model", Digits, "--out-file", Path.Combine(CliRunner.TempDir(), "c.png"), .. extra]);

    [Fact]
    public void Featmap_TopkWithoutChannelReductionNone_Warns()
    {
        var r = Featmap("--topk", "3", "--channel-reduction", "squeeze_mean");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --topk is ignored: it applies with --channel-reduction none (this run uses squeeze_mean)", r.Err);
    }

    [Fact]
    public void Featmap_TopkWithChannelReductionNone_NoWarning()
    {
        var r = Featmap("--topk", "3", "--channel-reduction", "none", "--arrangement", "2", "2");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("warning", r.Err);
    }

    [Fact]
    public void Featmap_ScoreThresholdOnAClassifier_Warns()
    {
        var r = Featmap("--score-thr", "0.5");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --score-thr is ignored", r.Err);
    }

    [Theory]
    [InlineData("--vit-like")]
    [InlineData("--num-extra-tokens", "1")]
    [InlineData("--token-grid", "2", "2")]
    public void Cam_TokenOptionOnAConvolutionLayer_WarnsNamingTheLayerAndDrawsTheMap(params string[] option)
    {
        var r = Cam([.. option, "--target-layers", "block4"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains($"warning: {option[0]} is ignored: 'block4' is an N×C×H×W map, not transformer tokens.", r.Err);
    }

    [Fact]
    public void Cam_TokenOptionsOnATransformerLayer_NoWarning()
    {
        var r = CliRunner.Run("cam", "--input-tensor", Fixtures.File("outputs/tensors/tinyvit__d64_a__64x64.npy"), "--model", Fixtures.File("models/tinyvit.onnx"),
            "--target-layers", "blocks.1.norm1", "--vit-like", "--out-file", Path.Combine(CliRunner.TempDir(), "v.png"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.DoesNotContain("--vit-like is ignored", r.Err);
    }

    [Fact]
    public void Cam_ConceptsWithoutDff_Warns()
    {
        var r = Cam("--concepts", "3");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --concepts is ignored", r.Err);
    }

    [Fact]
    public void Run_PreprocessingFlagsWithAPreparedTensor_Warn()
    {
        var r = CliRunner.Run("run", Fixtures.File("models/resnet18.onnx"), "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"), "--preprocess", "imagenet", "--bgr");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --preprocess is ignored: --input-tensor feeds a prepared tensor", r.Err);
        Assert.Contains("warning: --bgr is ignored", r.Err);
    }

    [Fact]
    public void Boxam_BatchSizeWithAGradientMethod_Warns()
    {
        var r = CliRunner.Run("boxam", Fixtures.Asset("images/bus.jpg"), "--model", Fixtures.Asset("models/yolov8n_dequant_fp32.onnx"), "--batch-size", "8",
            "--out-file", Path.Combine(CliRunner.TempDir(), "b.jpg"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --batch-size is ignored", r.Err);
    }

    [Fact]
    public void Evaluate_DetectorAndRoadOptionsOnAClassifierWithConfidenceOnly_Warn()
    {
        var r = CliRunner.Run("evaluate", Image, "--model", Digits, "--metrics", "confidence", "--score-thr", "0.5", "--percentiles", "50",
            "--out", Path.Combine(CliRunner.TempDir(), "r.csv"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --score-thr is ignored: it applies to detectors", r.Err);
        Assert.Contains("warning: --percentiles is ignored: it belongs to ROAD", r.Err);
    }

    [Fact]
    public void Layers_DepthWithJson_Warns()
    {
        var r = CliRunner.Run("layers", Digits, "--json", "--depth", "1");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning: --depth is ignored: --json prints the whole tree.", r.Err);
    }
}
