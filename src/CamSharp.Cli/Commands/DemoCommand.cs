using System.CommandLine;
using CamSharp.Demo;
using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp demo</c>: draws a fresh shape image, runs the bundled model on it, prints the
/// top classes and writes the picture. Needs nothing but the .NET SDK.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var outFile = new Option<string>("--out-file") { Description = "Where to write the picture (.png or .jpg).", DefaultValueFactory = _ => "demo.png" };
        var seed = new Option<int?>("--seed") { Description = "Seed for the drawing (default: a new image every run)." };
        var shape = new Option<string?>("--shape") { Description = $"Which shape to draw: {string.Join(", ", ShapeImages.Classes)} (default: random)." };
        var maxMemory = CommonOptions.MaxMemory();
        var command = new Command("demo", "Run the bundled demo model on a freshly drawn image and show its Grad-CAM and Eigen-CAM.") { outFile, seed, shape, maxMemory };
        command.SetAction(parsed =>
        {
            string path = OutputFiles.EnsureImageFile(parsed.GetValue(outFile)!);
            var rng = parsed.GetValue(seed) is { } s ? new Random(s) : new Random();
            int label = parsed.GetValue(shape) is { } name
                ? ShapeImages.Classes.ToList().IndexOf(name.ToLowerInvariant()) is var i and >= 0 ? i
                    : throw new CliException($"--shape must be one of {string.Join(", ", ShapeImages.Classes)}; got '{name}'.")
                : rng.Next(ShapeImages.Classes.Count);

            var (image, _) = ShapeImages.Draw(rng, label);
            var model = DemoModel.Load(CommonOptions.Limits(parsed, maxMemory));
            var input = Preprocessor.Prepare(image, ShapeImages.Size, ShapeImages.Size, PreprocessOptions.Raw);
            var outputs = model.Run(input.Tensor);
            var top = TopClasses.Compute(outputs[0], 3);

            Console.WriteLine($"drew a {ShapeImages.Classes[label]}; the model says:");
            foreach (var t in top) Console.WriteLine($"  {ShapeImages.Classes[t.Index],-9} {t.Probability,8:P1}");

            var big = ImageResize.Resize(image, 256, 256, Interpolation.Nearest);
            string caption = $"drawn: {ShapeImages.Classes[label]}  model: {ShapeImages.Classes[top[0].Index]} {top[0].Probability * 100:F1}%";
            var layer = model.ResolveLayer(DemoModel.CamLayer);
            var panels = new List<RgbImage> { big };
            var captions = new List<string?> { caption };
            foreach (var method in new CamMethod[] { new GradCam(), new EigenCam() })
            {
                var cam = CamRunner.Run(model, input.Tensor, layer, method);
                var map = ImageResize.Resize(new FloatMap(ShapeImages.Size, ShapeImages.Size, cam.Maps[0].ToArray()), 256, 256);
                panels.Add(HeatmapOverlay.ShowCamOnImage(big, map));
                captions.Add($"{method.Name} ({DemoModel.CamLayer})");
            }
            var panel = ImageGrid.Horizontal(panels, captions);
            ImageEncoder.Save(panel, path);
            Console.WriteLine($"wrote {path}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
