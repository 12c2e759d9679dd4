using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Cli;
using Xunit;

namespace CamSharp.Tests.Explain;

public sealed class GuidedBackpropTests
{
    [Fact]
    public void InputGradient_ReluGraph_PassesOnlyPositiveGradientsWherePositive()
    {
        var b = Onnx.ModelBuilder.Minimal(); // x [1, 4] → Relu → y
        var model = Model.Load(b.Bytes(), "relu.onnx");
        var x = Tensor.FromFloats([1f, -1f, 2f, 3f], 1, 4);
        var weights = Tensor.FromFloats([1f, 1f, -1f, 2f], 1, 4);
        var g = GuidedBackprop.InputGradient(model, x, [new WeightedSumTarget([weights])]);
        // Plain backprop would give [1, 0, -1, 2]; guided drops the negative gradient too.
        Assert.Equal([1f, 0f, 0f, 2f], g.Floats.ToArray());
    }

    [Fact]
    public void ToImage_ConstantGradient_IsMidGrey()
    {
        var g = Tensor.FromFloats(Enumerable.Repeat(0.3f, 3 * 4).ToArray(), 1, 3, 2, 2);
        var img = GuidedBackprop.ToImage(g, 0);
        Assert.All(img.Pixels, p => Assert.Equal(127, p));
    }
}

[Collection("cli")]
public sealed class GuidedCamCommandTests
{
    [Fact]
    public void Cam_GuidedGradCam_WritesPanel()
    {
        string path = Path.Combine(CliRunner.TempDir(), "guided.png");
        var r = CliRunner.Run("cam", "--input-tensor", Fixtures.File("outputs/tensors/digitcnn__d96_a__96x96.npy"), "--model", Fixtures.File("models/digitcnn.onnx"),
            "--method", "guidedbackprop,guidedgradcam,gradcam", "--target-layers", "block4", "--save-path", path);
        Assert.True(r.ExitCode == 0, r.Err);
        // One row (one class, no image before it for a bare tensor): three 96-px panels, 4-pixel gaps.
        Assert.Equal(3 * 96 + 2 * 4, CamSharp.Imaging.ImageDecoder.Load(path).Width);
    }
}
