using System.Globalization;
using System.Text.Json;
using CamSharp.Tests.Explain.Metrics;
using Xunit;

namespace CamSharp.Tests.Cli;

[Collection("cli")]
public sealed class EvaluateCommandTests
{
    // digitcnn's preprocessing (fixtures README): x / 255, then (x − 0.5) / 0.5.
    private static readonly string[] DigitPreprocess = ["--preprocess", "raw", "--mean", "0.5", "0.5", "0.5", "--std", "0.5", "0.5", "0.5"];

    /// <summary>A folder with the two digit fixtures (one in a subfolder), their labels and boxes from inputs/index.json.</summary>
    private static (string Dir, string Labels, string Boxes) DigitFolder()
    {
        string root = CliRunner.TempDir(), images = Path.Combine(root, "images");
        Directory.CreateDirectory(Path.Combine(images, "sub"));
        File.Copy(Fixtures.File("inputs/d96_a.png"), Path.Combine(images, "d96_a.png"));
        File.Copy(Fixtures.File("inputs/d64_a.png"), Path.Combine(images, "sub", "d64_a.png"));
        var index = JsonDocument.Parse(File.ReadAllText(Fixtures.File("inputs/index.json"))).RootElement.GetProperty("images");
        var objects = new[] { "d96_a.png", "d64_a.png" }.ToDictionary(n => n, n => index.GetProperty(n).GetProperty("objects")[0]);
        string labels = Path.Combine(root, "labels.csv");
        File.WriteAllText(labels, $"filename,class\nd96_a.png,{objects["d96_a.png"].GetProperty("label")}\nsub/d64_a.png,{objects["d64_a.png"].GetProperty("label")}\n");
        string boxes = Path.Combine(root, "boxes.json");
        File.WriteAllText(boxes, JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["d96_a.png"] = new[] { objects["d96_a.png"].GetProperty("box") },
            ["sub/d64_a.png"] = new[] { new { box = objects["d64_a.png"].GetProperty("box"), @class = objects["d64_a.png"].GetProperty("label") } },
        }));
        return (images, labels, boxes);
    }

    [Fact]
    public void Evaluate_DigitFolder_WritesRowsMeansAndJson()
    {
        var (dir, labels, boxes) = DigitFolder();
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--methods", "gradcam,eigencam", "--target-layers", "block4",
            "--labels", labels, "--boxes", boxes, "--percentiles", "30", "70", "--step", "2000", "--out", csv, .. DigitPreprocess]);
        Assert.True(r.ExitCode == 0, r.Err);

        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        Assert.Equal(["image", "method", "target"], header[..3]);
        Assert.Contains("road_combined", header);
        Assert.Contains("pointing_game", header);
        Assert.Equal(1 + 4 + 2, lines.Length);
        Assert.Equal(2, lines.Count(l => l.StartsWith("(mean),", StringComparison.Ordinal)));
        Assert.Contains(lines, l => l.StartsWith("sub/d64_a.png,gradcam,class 2,", StringComparison.Ordinal));

        // The Grad-CAM row of d96_a: the map is ours, so its confidence change should sit at pytorch-grad-cam's value for
        // pytorch-grad-cam's own map (metrics_reference.json), and the map's peak inside the digit's box.
        var row = lines.Single(l => l.StartsWith("d96_a.png,gradcam,", StringComparison.Ordinal)).Split(',');
        double change = double.Parse(row[Array.IndexOf(header, "confidence_change")], CultureInfo.InvariantCulture);
        double expected = MetricReference.Case("digitcnn_gradcam_c3_softmax").GetProperty("cam_mult_change").GetDouble();
        Assert.True(Math.Abs(change - expected) < 1e-2, $"confidence change {change} vs pytorch-grad-cam {expected}");
        Assert.Equal("1", row[Array.IndexOf(header, "pointing_game")]);

        var json = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(csv, ".json"))).RootElement;
        Assert.Equal(4, json.GetProperty("rows").GetArrayLength());
        Assert.Equal(2, json.GetProperty("summary").GetProperty("eigencam").GetProperty("images").GetInt32());
        Assert.Equal(2, json.GetProperty("rows")[0].GetProperty("road").GetProperty("most_relevant_first").GetArrayLength());
        Assert.Contains("gradcam", r.Out);
    }

    [Fact]
    public void Evaluate_Detector_UsesBoxTargetAndPointsInsideTheBoxes()
    {
        string dir = CliRunner.TempDir();
        File.Copy(Fixtures.File("inputs/det96_a.png"), Path.Combine(dir, "det96_a.png"));
        var objects = JsonDocument.Parse(File.ReadAllText(Fixtures.File("inputs/index.json"))).RootElement
            .GetProperty("images").GetProperty("det96_a.png").GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("box")).ToArray();
        string boxes = Path.Combine(dir, "..", Path.GetFileName(dir) + "-boxes.json");
        File.WriteAllText(boxes, JsonSerializer.Serialize(new Dictionary<string, object> { ["det96_a.png"] = objects }));
        string csv = Path.Combine(CliRunner.TempDir(), "det.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/tinyyolo.onnx"), "--methods", "gradcam", "--score-thr", "0.5",
            "--boxes", boxes, "--metrics", "confidence,deletion", "--step", "1000", "--out", csv, .. DigitPreprocess]);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        Assert.Equal($"{objects.Length} boxes (match)", row[2]);
        Assert.Equal("1", row[Array.IndexOf(header, "pointing_game")]);
        Assert.DoesNotContain("road_morf", header);
    }

    [Fact]
    public void Evaluate_OneBadImage_ListsItAndStillWritesTheOthers()
    {
        var (dir, _, _) = DigitFolder();
        File.WriteAllBytes(Path.Combine(dir, "broken.png"), [0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--metrics", "confidence", "--out", csv, .. DigitPreprocess]);
        Assert.Equal(1, r.ExitCode);
        Assert.Matches(@"error: 1 of 3 inputs failed:\n  \S*broken\.png: ", r.Err.ReplaceLineEndings("\n"));
        Assert.Equal(1 + 2 + 1, File.ReadAllLines(csv).Length);
        Assert.Contains("broken.png", File.ReadAllText(Path.ChangeExtension(csv, ".json")));
    }

    [Fact]
    public void Evaluate_ImageMissingFromLabels_FailsThatImage()
    {
        var (dir, _, _) = DigitFolder();
        string labels = Path.Combine(CliRunner.TempDir(), "labels.csv");
        File.WriteAllText(labels, "d96_a.png,3\n");
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--metrics", "confidence", "--labels", labels, "--out", csv, .. DigitPreprocess]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("sub/d64_a.png: not listed in --labels", r.Err);
    }

    [Fact]
    public void Evaluate_EveryImageFails_Exit2AndNoOutput()
    {
        string dir = CliRunner.TempDir();
        File.WriteAllBytes(Path.Combine(dir, "broken.png"), [1, 2, 3]);
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--out", csv]);
        Assert.Equal(2, r.ExitCode);
        // One input: its failure is the one message, naming it (it was "every image failed (1); nothing written.", naming nothing).
        Assert.Matches(@"^error: \S*broken\.png: ", r.Err);
        Assert.False(File.Exists(csv));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(csv)!));
    }

    [Fact]
    public void Evaluate_SeveralImagesAllFail_Exit2ListingEach()
    {
        string dir = CliRunner.TempDir();
        File.WriteAllBytes(Path.Combine(dir, "a.png"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(dir, "b.png"), [1, 2, 3]);
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run(["evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--out", csv]);
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"error: 2 of 2 inputs failed; nothing written:\n  \S*a\.png: ", r.Err.ReplaceLineEndings("\n"));
        Assert.Matches(@"\n  \S*b\.png: ", r.Err.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(csv));
    }

    [Fact]
    public void Evaluate_InputSizeZero_RefusedWhenParsedNamingTheFlag()
    {
        var r = CliRunner.Run(["evaluate", Fixtures.File("inputs/d64_a.png"), "--model", Fixtures.File("models/digitcnn.onnx"), "--input-size", "0", "0",
            "--out", Path.Combine(CliRunner.TempDir(), "results.csv")]);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: --input-size needs two positive numbers", r.Err);
    }

    [Theory]
    [InlineData("--methods", "gradkam", "--methods")]
    [InlineData("--methods", "guidedbackprop", "--methods")]
    [InlineData("--metrics", "road,speed", "--metrics")]
    [InlineData("--percentiles", "0", "--percentiles")]
    [InlineData("--confidence", "probability", "--confidence")]
    [InlineData("--step", "0", "--step")]
    [InlineData("--tolerance", "-1", "--tolerance")]
    [InlineData("--labels", "no-such-labels.csv", "--labels")]
    public void Evaluate_BadArgument_Exit2NamingIt(string option, string value, string named)
    {
        var (dir, _, _) = DigitFolder();
        string csv = Path.Combine(CliRunner.TempDir(), "results.csv");
        var r = CliRunner.Run("evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), option, value, "--out", csv);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(named, r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        Assert.False(File.Exists(csv));
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{\"a.png\": [[1, 2, 3]]}", "[x0, y0, x1, y1]")]
    [InlineData("{\"a.png\": [[5, 5, 2, 9]]}", "empty")]
    public void Evaluate_BadBoxesFile_Exit2NamingIt(string content, string message)
    {
        var (dir, _, _) = DigitFolder();
        string boxes = Path.Combine(CliRunner.TempDir(), "boxes.json");
        File.WriteAllText(boxes, content);
        var r = CliRunner.Run("evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--boxes", boxes, "--out", Path.Combine(CliRunner.TempDir(), "r.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--boxes", r.Err);
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void Evaluate_BadLabelsLine_Exit2NamingFileAndLine()
    {
        var (dir, _, _) = DigitFolder();
        string labels = Path.Combine(CliRunner.TempDir(), "labels.csv");
        File.WriteAllText(labels, "filename,class\nd96_a.png,3\nd64_a.png;2\n");
        var r = CliRunner.Run("evaluate", dir, "--model", Fixtures.File("models/digitcnn.onnx"), "--labels", labels, "--out", Path.Combine(CliRunner.TempDir(), "r.csv"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("line 3", r.Err);
    }

    /// <summary>
    /// Every catalogue method that gives a [0, 1] map is evaluated (tokens on a ViT, boxes on the
    /// detector); the others are refused by name.
    /// </summary>
    [Fact]
    public void Evaluate_EveryCatalogueMethod_RowIfItGivesAMapElseRefused()
    {
        string dir = CliRunner.TempDir(), csv = Path.Combine(dir, "r.csv");
        var names = CatalogueModels.ForClassifiers(m => m.GivesMap).Select(m => m.Name).ToArray();
        var r = CliRunner.Run("evaluate", CatalogueModels.Image, "--model", CatalogueModels.TinyCnn, "--methods", string.Join(",", names), "--metrics", "confidence", "--out", csv);
        Assert.True(r.ExitCode == 0, r.Err);
        var rows = File.ReadAllLines(csv).Skip(1).Where(l => !l.StartsWith("(mean)", StringComparison.Ordinal)).Select(l => l.Split(',')[1]).ToArray();
        Assert.Equal(names, rows);

        foreach (var token in CamSharp.Explain.CamMethods.All.Where(m => m.NeedsTokens))
        {
            // No layer given: evaluate chooses as cam does (for ViT-ReciproCAM the last block's input).
            var t = CliRunner.Run("evaluate", Fixtures.File("inputs/d64_a.png"), "--model", CatalogueModels.TinyVit, "--methods", token.Name,
                "--metrics", "confidence", "--out", csv);
            Assert.True(t.ExitCode == 0, $"{token.Name}: {t.Err}");
        }
        foreach (var box in CamSharp.Explain.CamMethods.All.Where(m => m.NeedsBoxTargets))
        {
            var b = CliRunner.Run("evaluate", CatalogueModels.Image, "--model", CatalogueModels.TinyYolo, "--methods", box.Name, "--score-thr", "0.5",
                "--metrics", "confidence", "--out", csv, "--preprocess", "raw", "--mean", "0.5", "0.5", "0.5", "--std", "0.5", "0.5", "0.5");
            Assert.True(b.ExitCode == 0, $"{box.Name}: {b.Err}");
        }
        foreach (var other in CamSharp.Explain.CamMethods.All.Where(m => !m.GivesMap))
        {
            var o = CliRunner.Run("evaluate", CatalogueModels.Image, "--model", CatalogueModels.TinyCnn, "--methods", other.Name, "--out", csv);
            Assert.True(o.ExitCode == 2, $"{other.Name}: exit {o.ExitCode}");
            Assert.Contains(other.Name, o.Err);
        }
    }

    /// <summary>Deletion, insertion, ARCC and MPRT measure input attributions as drawn, pooled to [0, 1].</summary>
    [Theory]
    [InlineData("saliency")]
    [InlineData("lrp")]
    public void Evaluate_InputAttribution_EveryMapMetricIsFinite(string method)
    {
        string csv = Path.Combine(CliRunner.TempDir(), "r.csv");
        var r = CliRunner.Run("evaluate", CatalogueModels.Image, "--model", CatalogueModels.TinyCnn, "--methods", method, "--metrics", "deletion,insertion,arcc,mprt", "--out", csv);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = File.ReadAllLines(csv);
        var header = lines[0].Split(',');
        var row = lines[1].Split(',');
        foreach (var column in new[] { "deletion_auc", "insertion_auc", "arcc", "mprt_last", "mprt_average" })
        {
            double value = double.Parse(row[Array.IndexOf(header, column)], CultureInfo.InvariantCulture);
            Assert.True(double.IsFinite(value), $"{column} = {value}");
        }
    }
}
