using CamSharp.Demo;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class DemoCommandTests
{
    [Fact]
    public void Demo_FreshClone_WritesPictureAndPrintsClasses()
    {
        string path = Path.Combine(CliRunner.TempDir(), "demo.png");
        var r = CliRunner.Run("demo", "--seed", "5", "--out-file", path);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("the model says", r.Out);
        var image = ImageDecoder.Load(path);
        Assert.True(image.Width >= 256);
    }

    [Fact]
    public void ShapeImages_PortOfTrainingGenerator_ModelIsAccurateOnThem()
    {
        // The C# drawing must follow the training distribution, or the demo would mislead.
        var model = DemoModel.Load();
        var rng = new Random(11);
        int correct = 0, total = 100;
        for (int i = 0; i < total; i++)
        {
            int label = i % ShapeImages.Classes.Count;
            var (image, _) = ShapeImages.Draw(rng, label);
            var input = Preprocessor.Prepare(image, 64, 64, PreprocessOptions.Raw);
            var logits = model.Run(input.Tensor)[0].Floats;
            int best = 0;
            for (int k = 1; k < logits.Length; k++) if (logits[k] > logits[best]) best = k;
            if (best == label) correct++;
        }
        Assert.True(correct >= 93, $"{correct}/{total} correct");
    }
}
