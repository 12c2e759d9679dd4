using System.CommandLine;
using System.Text.Json;
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
        var image = new Argument<string?>("image") { Description = "The image (PNG, JPEG, BMP, PPM).", Arity = ArgumentArity.ZeroOrOne };
        var input = new InputOptions();
        var labels = CommonOptions.Labels();
        var topk = new Option<int>("--topk") { Description = "How many classes to print.", DefaultValueFactory = _ => 5 };
        var saveOutputs = new Option<string?>("--save-outputs") { Description = "Folder to save every graph output as .npy." };
        var json = CommonOptions.Json();
        var command = new Command("run", "Run a model on an image or tensor: top classes and raw outputs.") { model, image, labels, topk, saveOutputs, json };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            string? outDir = parsed.GetValue(saveOutputs);
            if (outDir is not null) OutputFiles.EnsureWritableDirectory(outDir);
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var loaded = input.Load(parsed, m, parsed.GetValue(image));
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
                };
                Console.WriteLine(JsonSerializer.Serialize(result, CommonOptions.JsonOutput));
                return ExitCodes.Ok;
            }
            foreach (var o in outputs.Select((t, k) => (t, k)))
                Console.WriteLine($"output '{m.Graph.OutputNames[o.k]}': [{ShapeUtil.Format(o.t.Shape)}]");
            if (prediction.EmbeddingSize is int size)
                Console.WriteLine($"embedding: {size} values, L2 norm {prediction.EmbeddingNorm:G6} (an embedder: no classes to rank)");
            if (prediction.Kind == ModelKind.SemanticSegmenter && prediction.Top.Count > 0) Console.WriteLine("classes by share of pixels:");
            foreach (var t in prediction.Top)
                Console.WriteLine($"{t.Index,6}  {t.Share,8:P2}  {t.Name}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
