using CamSharp.Demo;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using System.Text.RegularExpressions;
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

    /// <summary>README pictures captioned with a <c>camsharp demo</c> command: the picture and the command in its caption.</summary>
    public static TheoryData<string, string> ReadmeDemoPictures()
    {
        string readme = File.ReadAllText(Path.Combine(Fixtures.RepoRoot, "README.md"));
        var data = new TheoryData<string, string>();
        foreach (Match m in Regex.Matches(readme, @"!\[[^\]]*\]\((docs/images/[^)]+)\)\s*\*`camsharp (demo[^`]*)`"))
            data.Add(m.Groups[1].Value, m.Groups[2].Value);
        return data;
    }

    [Fact]
    public void ReadmeDemoPictures_Found_StarAndCross()
    {
        Assert.Equal(["docs/images/demo-cross.png", "docs/images/demo-star.png"], ReadmeDemoPictures().Select(row => (string)row[0]).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ReadmeDemoPictures))]
    public void ReadmeDemoPicture_CommandInItsCaption_DrawsThePicture(string picture, string command)
    {
        // The README shows what the demo draws today: a change to the model, the methods or the drawing must come with a new picture.
        string path = Path.Combine(CliRunner.TempDir(), "demo.png");
        var r = CliRunner.Run([.. command.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--out-file", path]);
        Assert.True(r.ExitCode == 0, r.Err);
        var expected = ImageDecoder.Load(Path.Combine(Fixtures.RepoRoot, picture));
        var actual = ImageDecoder.Load(path);
        string regenerate = $"README's {picture} no longer matches 'camsharp {command}'; regenerate it: dotnet run --project src/CamSharp.Cli -- {command} --out-file {picture}";
        Assert.True((expected.Width, expected.Height) == (actual.Width, actual.Height), regenerate);
        // Float rounding may differ between vector widths by a level or two of colour; a changed picture differs by far more.
        int differing = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
            if (Math.Abs(expected.Pixels[i] - actual.Pixels[i]) > 2) differing++;
        Assert.True(differing <= expected.Pixels.Length / 1000, $"{regenerate} ({differing} of {expected.Pixels.Length} values differ)");
    }
}
