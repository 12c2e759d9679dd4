using System.CommandLine;
using CamSharp.Application;
using CamSharp.Explain;
using CamSharp.Tensors;

namespace CamSharp.Cli.Commands;

/// <summary><c>camsharp run MODEL IMAGE</c>: run the model, print the top classes, save raw outputs.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The ONNX model file." };
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images (PNG, JPEG, BMP, PPM).", Arity = ArgumentArity.ZeroOrMore };
        var input = new InputOptions();
        var labels = CommonOptions.Labels();
        var topk = new Option<int>("--topk") { Description = "How many classes to print.", DefaultValueFactory = _ => 5 };
        var saveOutputs = new Option<string?>("--save-outputs") { Description = "Folder to save every graph output as .npy (several images: one subfolder each, named after it)." };
        var json = CommonOptions.Json();
        var command = new Command("run", "Run a model on an image, a video model's frames, or a tensor: top classes and raw outputs.") { model, images, labels, topk, saveOutputs, json, input.Frames };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            // The output folder before any work; then the model ('run MODEL' alone checks a model), then the images.
            if (parsed.GetValue(saveOutputs) is { } outputFolder) OutputFiles.EnsureWritableDirectory(outputFolder);
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            // A video model's images are its frames: one input per clip of T.
            int clips = 0;
            if (VideoInput.Of(m) is { } video && !sources[0].IsTensor)
            {
                sources = [.. ClipInputs.Group(m, video, sources, parsed.GetValue(input.Frames))];
                clips = sources.Count;
            }
            else if (parsed.GetValue(input.Frames) is not null) throw new CliException($"--frames is for video models; {m.Source} takes [{ShapeUtil.Format(m.Input.Shape)}].");
            OneInputOptions.CheckClips(parsed, clips > 0 ? clips : null);
            var plan = parsed.GetValue(saveOutputs) is { } saveDir ? OutputPlan.ForFolders("run", arguments, sources, saveDir) : null;
            bool several = OutputPlan.Several(sources);
            var summaries = new List<object>();
            int code = InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                string? outDir = plan?.PathFor(source);
                var loaded = source.Frames is { } clipFrames
                    ? new LoadedInput(input.LoadClip(parsed, m, clipFrames).Tensor, null, source.Path)
                    : input.Load(parsed, m, source.IsTensor ? null : source.Path);
                var outputs = m.Run(loaded.Tensor);

                var files = new List<object>();
                var fileNames = OutputFiles.UniqueFileNames(m.Graph.OutputNames, ".npy");
                for (int k = 0; k < outputs.Length; k++)
                {
                    string name = m.Graph.OutputNames[k];
                    string? file = null;
                    if (outDir is not null)
                    {
                        file = Path.Combine(outDir, fileNames[k]);
                        OutputFiles.WriteNpy(file, outputs[k]);
                    }
                    files.Add(new { name, shape = outputs[k].Shape, file });
                }

                var profile = ClassNames.FromFile(parsed.GetValue(labels)) is { } given ? m.Profile with { ClassNames = given } : m.Profile;
                var prediction = Prediction.Of(profile, outputs[0], parsed.GetValue(topk));
                if (parsed.GetValue(json))
                {
                    var result = new
                    {
                        outputs = files,
                        kind = ModelProfileFormatter.Kind(profile.Kind),
                        top = prediction.Top.Select(t => new { @class = t.Index, name = t.Name, prob = float.IsFinite(t.Share) ? t.Share : (float?)null }),
                        embedding = prediction.EmbeddingSize is int d ? new { size = d, norm = prediction.EmbeddingNorm } : null,
                        image = several ? source.Path : null,
                        frames = source.Frames,
                    };
                    summaries.Add(result);
                    return;
                }
                if (source.Frames is { } shown) Messages.Out($"clip of {shown.Count} frames, {shown[0]} … {shown[^1]}:");
                else if (several) Messages.Out($"{source.Path}:");
                foreach (var o in outputs.Select((t, k) => (t, k)))
                    Messages.Out($"output '{m.Graph.OutputNames[o.k]}': [{ShapeUtil.Format(o.t.Shape)}]");
                if (prediction.EmbeddingSize is int size)
                    Messages.Out($"embedding: {size} values, L2 norm {prediction.EmbeddingNorm:G6} (an embedder: no classes to rank)");
                if (prediction.Kind == ModelKind.SemanticSegmenter && prediction.Top.Count > 0) Messages.Out("classes by share of pixels:");
                foreach (var t in prediction.Top)
                    Messages.Out($"{t.Index,6}  {t.Share,8:P2}  {t.Name}");
                if (outDir is not null) Messages.Wrote(outDir, $"{outputs.Length} output{(outputs.Length == 1 ? "" : "s")} as .npy");
            }, plan?.Folder);
            if (summaries.Count > 0) Console.WriteLine(JsonText.Serialize(several ? summaries : summaries[0]));
            return code;
        });
        return command;
    }
}
