using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class GradCommandTests
{
    [Theory]
    [InlineData("digitcnn", "digitcnn__d96_a__96x96", "block4", 8)]
    [InlineData("resnet18", "resnet18__d224__224x224", "layer4", 711)]
    [InlineData("tinyvit", "tinyvit__d64_a__64x64", "blocks.1.norm1", 3)]
    public void Grad_FixtureTensor_WritesPyTorchActivationAndGradient(string model, string run, string layer, int category)
    {
        string dir = CliRunner.TempDir();
        var r = CliRunner.Run("grad", Fixtures.File($"models/{model}.onnx"), "--input-tensor", Fixtures.File($"outputs/tensors/{run}.npy"),
            "--target-layers", layer, "--target-category", $"{category}", "--out-dir", dir);
        Assert.True(r.ExitCode == 0, r.Err);
        var grad = Npy.ReadTensor(Path.Combine(dir, $"{layer}.gradient.npy"));
        Assertions.AssertRelative(grad.Floats, Fixtures.Npy($"outputs/grads/{run}__{layer}__c{category}.npy").Floats, 1e-4, "gradient");
        Assert.True(File.Exists(Path.Combine(dir, $"{layer}.activation.npy")));
    }

    [Fact]
    public void Grad_UnknownLayer_SuggestsCloseNames()
    {
        var r = CliRunner.Run("grad", Fixtures.File("models/resnet18.onnx"), "--input-tensor", Fixtures.File("outputs/tensors/resnet18__d224__224x224.npy"),
            "--target-layers", "layer5", "--out-dir", CliRunner.TempDir());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("layer4", r.Err);
    }

    [Fact]
    public void Grad_CategoriesDoNotMatchBatch_IsRefused()
    {
        var batch = TensorRows.Tile(Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy"), 2);
        string dir = CliRunner.TempDir();
        string tensor = Path.Combine(dir, "x.npy");
        Npy.WriteFile(tensor, batch);
        var r = CliRunner.Run("grad", Fixtures.File("models/digitcnn.onnx"), "--input-tensor", tensor, "--target-layers", "block4",
            "--target-category", "1", "2", "3", "--out-dir", dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("batch of 2", r.Err);
    }
}

[Collection("cli")]
public sealed class GradTargetCategoryTests
{
    [Fact]
    public void Grad_TargetCategoryByName_SameGradientAsItsIndex()
    {
        string byName = CliRunner.TempDir(), byIndex = CliRunner.TempDir();
        string[] common = ["grad", Fixtures.Asset("models/squeezenet1_1_tv.onnx"), Fixtures.Asset("images/cat-dog.png"), "--target-layers", "features.12"];
        var a = CliRunner.Run([.. common, "--target-category", "tabby", "--out-dir", byName]);
        var b = CliRunner.Run([.. common, "--target-category", "281", "--out-dir", byIndex]);
        Assert.True(a.ExitCode == 0 && b.ExitCode == 0, a.Err + b.Err);
        Assert.Equal(Npy.ReadTensor(Path.Combine(byIndex, "features.12.gradient.npy")).Floats.ToArray(), Npy.ReadTensor(Path.Combine(byName, "features.12.gradient.npy")).Floats.ToArray());
    }
}
