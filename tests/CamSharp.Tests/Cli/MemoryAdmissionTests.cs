using CamSharp.Imaging;
using Xunit;

namespace CamSharp.Tests.Cli;

/// <summary>
/// Issue 18, rerun: on a model of dynamic size the pass grows with the image, and the pass and
/// the picture were each checked against the whole --max-memory, so together they took up to
/// twice it. An image is now admitted when both fit together (under --workers, the share).
/// </summary>
[Collection("cli")]
public sealed class MemoryAdmissionTests
{
    [Theory]
    [InlineData("cam")]
    [InlineData("featmap")]
    public void LargeImageOnDynamicModel_PassAndPictureOverTheBudgetTogether_RefusedNamingTheImage(string command)
    {
        string dir = CliRunner.TempDir(), image = Path.Combine(dir, "large.png");
        ImageEncoder.Save(RgbImage.Filled(1000, 1000, new Rgb(90, 120, 150)), image);
        var model = Model.Load(Fixtures.File("models/digitcnn.onnx"));
        long pass = model.Session.GetPlan(1, 3, 1000, 1000).PeakBytes;
        long picture = 1000L * 1000 * (3 + ImageDecoder.DrawingBytesPerPixel);
        long budget = pass + picture / 2; // each fits alone, not both
        var r = CliRunner.Run(command, image, "--model", Fixtures.File("models/digitcnn.onnx"), "--max-memory", budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--out-file", Path.Combine(dir, "o.png"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("large.png", r.Err);
        Assert.Contains("for its picture", r.Err);
        Assert.Contains("--max-memory", r.Err);
        Assert.False(File.Exists(Path.Combine(dir, "o.png")));
    }
}
