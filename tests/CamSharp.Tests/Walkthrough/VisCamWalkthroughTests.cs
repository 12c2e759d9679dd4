using Xunit;

namespace CamSharp.Tests.Walkthrough;

/// <summary>
/// MMPretrain's <c>vis_cam.py</c> guide, typed against an ONNX SqueezeNet: its methods in its
/// spelling, --target-category for the dog and the cat of cat-dog.png, the smoothing flags in
/// both spellings the guide prints, --preview-model, --device, and the transformer flags.
/// </summary>
public sealed class VisCamWalkthroughTests
{
    private static readonly string CatDog = Newcomer.Asset("images/cat-dog.png");
    private static readonly string Squeezenet = Newcomer.Asset("models/squeezenet1_1_tv.onnx");
    private static readonly Lazy<Newcomer> User = new(() => new Newcomer());

    [Fact]
    public void Example1_TheGuidesMethodsInItsSpelling_EachItsOwnPicture()
    {
        var user = User.Value;
        string[] methods = ["GradCAM", "GradCAM++", "XGradCAM", "EigenCAM", "EigenGradCAM", "LayerCAM"];
        foreach (var m in methods) user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", m, "--save-path", $"{m}.png");
        var pictures = methods.Select(m => user.Picture($"{m}.png")).ToArray();
        Assert.All(pictures, p => Assert.Equal((600, 400), (p.Width, p.Height)));      // the original image's size
        for (int i = 0; i < pictures.Length; i++)
            for (int j = i + 1; j < pictures.Length; j++)
                Assert.True(Newcomer.Difference(pictures[i], pictures[j]) > 0.5, $"{methods[i]} and {methods[j]} drew the same picture");
    }

    [Fact]
    public void Example2_TargetCategory_DogMapLeftOfCatMap()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--target-layers", "features.12", "--method", "GradCAM", "--target-category", "238", "--save-path", "dog.png", "--save-raw", "dog.npy");
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--target-layers", "features.12", "--method", "GradCAM", "--target-category", "281", "--save-path", "cat.png", "--save-raw", "cat.npy");
        // cat-dog.png has the dog on the left and the cat on the right.
        Assert.True(CentreX(user.Npy("dog.npy")) < 0.45 && CentreX(user.Npy("cat.npy")) > 0.55,
            $"dog map centred at {CentreX(user.Npy("dog.npy")):F2}, cat map at {CentreX(user.Npy("cat.npy")):F2} of the width");
        // By name too, as the tool's class names spell them.
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--target-layers", "features.12", "--target-category", "tabby", "--save-path", "tabby.png", "--save-raw", "tabby.npy");
        Assert.Equal(user.Npy("cat.npy").Floats.ToArray(), user.Npy("tabby.npy").Floats.ToArray());
    }

    [Fact]
    public void Example3_SmoothingFlags_BothSpellingsGiveOneResult_UnlikeThePlainMap()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", "LayerCAM", "--eigen-smooth", "--aug-smooth", "--save-path", "s1.png", "--save-raw", "s1.npy");
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", "LayerCAM", "--eigen_smooth", "--aug_smooth", "--save-path", "s2.png", "--save-raw", "s2.npy");
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", "LayerCAM", "--save-path", "s0.png", "--save-raw", "s0.npy");
        Assert.Equal(user.Npy("s1.npy").Floats.ToArray(), user.Npy("s2.npy").Floats.ToArray());
        var plain = user.Npy("s0.npy").Floats.ToArray();
        var smooth = user.Npy("s1.npy").Floats.ToArray();
        Assert.True(plain.Zip(smooth, (a, b) => Math.Abs(a - b)).Max() > 0.05, "smoothing changed nothing");
    }

    [Fact]
    public void PreviewModel_ListsTheLayersToName()
    {
        var r = User.Value.Succeeds("cam", CatDog, "--model", Squeezenet, "--preview-model");
        Assert.Contains("features.12", r.Out);
        Assert.Contains("classifier", r.Out);
    }

    [Fact]
    public void Device_CpuAccepted_GpuAnsweredCpuOnly()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--device", "cpu", "--save-path", "cpu.png");
        var r = user.Run("cam", CatDog, "--model", Squeezenet, "--device", "cuda:0", "--save-path", "gpu.png");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("CPU only", r.Err);
        Assert.False(user.Exists("gpu.png"));
    }

    [Fact]
    public void Transformer_VitLike_RunsOnAViT_AndIsCalledOutOnACnn()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Newcomer.FixtureModel("tinyvit.onnx"), "--vit-like", "--save-path", "vit.png");
        var r = user.Succeeds("cam", CatDog, "--model", Squeezenet, "--vit-like", "--save-path", "cnn.png");
        Assert.Contains("--vit-like", r.Err);
        Assert.Contains("ignored", r.Err);
    }

    [Fact]
    public void MethodAll_OneGrid_ImageFirst_ReadableWidth()
    {
        var user = User.Value;
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", "all", "--save-path", "all.png");
        var grid = user.Picture("all.png");
        // Several rows of at most eight panels, not one 13648-pixel strip.
        Assert.True(grid.Width <= 8 * 600 && grid.Height >= 2 * 200, $"{grid.Width}x{grid.Height}");
        // The first panel is the image itself: its centre matches cat-dog.png's centre, scaled.
        user.Succeeds("cam", CatDog, "--model", Squeezenet, "--method", "gradcam", "--target-category", "281", "238", "--save-path", "two.png");
        var two = user.Picture("two.png");
        Assert.True(two.Height > two.Width / 4, "two classes should be two rows");
    }

    /// <summary>The map's centre of mass across, as a share of the width.</summary>
    private static double CentreX(CamSharp.Tensors.Tensor map)
    {
        int w = map.Shape[^1];
        var v = map.Floats;
        double mass = 0, moment = 0;
        for (int i = 0; i < v.Length; i++)
        {
            mass += v[i];
            moment += v[i] * (i % w + 0.5) / w;
        }
        return moment / mass;
    }
}
