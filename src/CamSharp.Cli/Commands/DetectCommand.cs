using System.CommandLine;
using System.Globalization;
using CamSharp.Detection;
using CamSharp.Imaging;

namespace CamSharp.Cli.Commands;

/// <summary><c>camsharp detect IMG --model M</c>: decode a YOLO-family or torchvision detector's boxes; table, drawn image, JSON.</summary>
internal static class DetectCommand
{
    public static Command Create()
    {
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (PNG, JPEG, BMP, PPM).", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model", "-m") { Description = "The ONNX detector.", Required = true };
        var head = new Option<string?>("--head") { Description = $"Output layout: {string.Join(", ", HeadKinds.Names)} (default: recognised from the output shape)." };
        var scoreThr = new Option<float>("--score-thr") { Description = "Keep boxes scoring above this.", DefaultValueFactory = _ => 0.3f };
        var iouThr = new Option<float>("--iou-thr") { Description = "NMS: a kept box suppresses boxes of its class overlapping it more than this.", DefaultValueFactory = _ => 0.45f };
        var topk = new Option<int>("--topk") { Description = "How many boxes to keep (-1 = all).", DefaultValueFactory = _ => -1 };
        var labels = CommonOptions.Labels();
        var outFile = new Option<string?>("--out-file") { Description = "Write the image with the boxes drawn, for one input (PNG/JPEG/BMP by extension)." };
        var outDir = new Option<string?>("--out-dir") { Description = "Folder for one drawn image per input, subfolders mirrored and names kept (several images or a folder). Without --out-file or --out-dir, only the table is printed." };
        var json = CommonOptions.Json();
        var input = new InputOptions();
        var command = new Command("detect", "Detect objects with a YOLO-family or torchvision ONNX detector: boxes, classes, scores.") { images, model, head, scoreThr, iouThr, topk, labels, outFile, outDir, json };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var options = Thresholds(parsed.GetValue(scoreThr), parsed.GetValue(iouThr), parsed.GetValue(topk));
            HeadKind? kind = parsed.GetValue(head) is { } h ? ParseHead(h) : null;
            string? tensor = parsed.GetValue(input.InputTensor);
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, tensor);
            bool draw = parsed.GetValue(outFile) is not null || parsed.GetValue(outDir) is not null;
            if (draw && tensor is not null) throw new CliException("--out-file and --out-dir draw on the image: give an image rather than --input-tensor.");
            var plan = draw ? OutputPlan.ForImages("detect", arguments, sources, parsed.GetValue(outFile), parsed.GetValue(outDir)) : null;

            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            ClipInputs.Refuse(m, "detect");
            var names = ClassNames.For(m, parsed.GetValue(labels));
            bool several = OutputPlan.Several(sources), asJson = parsed.GetValue(json);
            var results = new List<object>();
            int code = InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                var loaded = input.Load(parsed, m, source.IsTensor ? null : source.Path);
                var decoder = Recognise(m, loaded.Tensor.Shape[2], loaded.Tensor.Shape[3], kind);
                var found = Detector.Detect(decoder, m.Run(loaded.Tensor), loaded.Image?.Geometry, options);
                string? outPath = plan?.PathFor(source);
                if (found.Count == 0)
                    Messages.Note($"{(several ? source.Path + ": " : "")}no boxes scored above --score-thr {options.ScoreThreshold.ToString(CultureInfo.InvariantCulture)}; nothing drawn.");
                else if (outPath is not null && loaded.Image is { } prepared)
                    ImageEncoder.Save(DetectionPainter.Draw(prepared.Original, found, names), outPath);

                if (asJson)
                {
                    results.Add(new
                    {
                        image = several ? source.Path : null,
                        head = HeadKinds.Name(decoder.Kind),
                        detections = found.Select(d => new { box = d.Box.ToArray(), @class = d.Class, name = ClassNames.Name(names, d.Class), score = d.Score }),
                    });
                    return;
                }
                if (several) Messages.Out($"{source.Path}: {found.Count} box{(found.Count == 1 ? "" : "es")}");
                if (found.Count > 0) Messages.Out($"{"class",6}  {"score",6}  {"x0",7} {"y0",7} {"x1",7} {"y1",7}  name");
                foreach (var d in found)
                    Messages.Out(string.Create(CultureInfo.InvariantCulture,
                        $"{d.Class,6}  {d.Score,6:0.000}  {d.Box.X0,7:0.0} {d.Box.Y0,7:0.0} {d.Box.X1,7:0.0} {d.Box.Y1,7:0.0}  {ClassNames.Name(names, d.Class)}"));
                if (found.Count > 0 && outPath is not null) Messages.Wrote(outPath);
            }, plan?.Folder);
            if (asJson && results.Count > 0)
                Console.WriteLine(JsonText.Serialize(several ? results : results[0]));
            return code;
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
