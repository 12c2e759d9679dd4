using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CamSharp.Detection;
using CamSharp.Imaging;

namespace CamSharp.Cli.Commands;

/// <summary><c>camsharp detect IMG --model M</c>: decode a YOLO-family detector's boxes; table, drawn image, JSON.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var image = new Argument<string?>("image") { Description = "The image (PNG, JPEG, BMP, PPM).", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string>("--model", "-m") { Description = "The ONNX detector.", Required = true };
        var head = new Option<string?>("--head") { Description = $"Output layout: {string.Join(", ", HeadKinds.Names)} (default: recognised from the output shape)." };
        var scoreThr = new Option<float>("--score-thr") { Description = "Keep boxes scoring above this.", DefaultValueFactory = _ => 0.3f };
        var iouThr = new Option<float>("--iou-thr") { Description = "NMS: a kept box suppresses boxes of its class overlapping it more than this.", DefaultValueFactory = _ => 0.45f };
        var topk = new Option<int>("--topk") { Description = "How many boxes to keep (-1 = all).", DefaultValueFactory = _ => -1 };
        var labels = CommonOptions.Labels();
        var outFile = new Option<string?>("--out-file") { Description = "Write the image with the boxes drawn (PNG/JPEG/BMP by extension)." };
        var json = CommonOptions.Json();
        var input = new InputOptions();
        var command = new Command("detect", "Detect objects with a YOLO-family ONNX model: boxes, classes, scores.") { image, model, head, scoreThr, iouThr, topk, labels, outFile, json };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var options = Thresholds(parsed.GetValue(scoreThr), parsed.GetValue(iouThr), parsed.GetValue(topk));
            HeadKind? kind = parsed.GetValue(head) is { } h ? ParseHead(h) : null;
            string? outPath = parsed.GetValue(outFile);
            if (outPath is not null)
            {
                if (parsed.GetValue(input.InputTensor) is not null) throw new CliException("--out-file draws on the image: give an image rather than --input-tensor.");
                OutputFiles.EnsureImageFile(outPath);
            }

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var names = ClassNames.For(m, parsed.GetValue(labels));
            var loaded = input.Load(parsed, m, parsed.GetValue(image));
            var decoder = Recognise(m, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], kind);
            var found = Detector.Detect(decoder, m.Run(loaded.Tensor), loaded.Image?.Geometry, options);

            if (found.Count == 0)
                Console.Error.WriteLine($"note: no boxes scored above --score-thr {options.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}; nothing drawn.");
            else if (outPath is not null && loaded.Image is { } prepared)
                ImageEncoder.Save(DetectionPainter.Draw(prepared.Original, found, names), outPath);

            if (parsed.GetValue(json))
            {
                var result = new
                {
                    head = HeadKinds.Name(decoder.Kind),
                    detections = found.Select(d => new { box = d.Box.ToArray(), @class = d.Class, name = ClassNames.Name(names, d.Class), score = d.Score }),
                };
                Console.WriteLine(JsonSerializer.Serialize(result, CommonOptions.JsonOutput));
                return ExitCodes.Ok;
            }
            if (found.Count > 0) Console.WriteLine($"{"class",6}  {"score",6}  {"x0",7} {"y0",7} {"x1",7} {"y1",7}  name");
            foreach (var d in found)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{d.Class,6}  {d.Score,6:0.000}  {d.Box.X0,7:0.0} {d.Box.Y0,7:0.0} {d.Box.X1,7:0.0} {d.Box.Y1,7:0.0}  {ClassNames.Name(names, d.Class)}"));
            if (found.Count > 0 && outPath is not null) Console.WriteLine($"wrote {outPath}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The thresholds, checked by the library; its argument errors reach the user as the flags' (see <see cref="CliErrors"/>).</summary>
    internal static DetectionOptions Thresholds(float score, float iou, int topk) => new(score, iou, topk);

    internal static HeadKind ParseHead(string name)
    {
        try
        {
            return HeadKinds.Parse(name);
        }
        catch (Engine.InputException e)
        {
            throw new CliException($"--head: {e.Message}");
        }
    }

    /// <summary>The decoder for the model's output; the error names --head when no layout fits.</summary>
    internal static DetectionHead Recognise(Model model, int height, int width, HeadKind? kind)
    {
        try
        {
            return DetectionHeads.Recognise(model, height, width, kind);
        }
        catch (HeadLayoutException e)
        {
            throw new CliException($"{e.Message} Choose a layout with --head {string.Join("|", HeadKinds.Names)}.");
        }
    }
}
