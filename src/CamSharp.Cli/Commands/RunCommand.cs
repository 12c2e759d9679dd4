using System.CommandLine;
using System.Text.Json;
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

            var names = ClassNames.For(m, parsed.GetValue(labels));
            var top = TopClasses.LooksLikeClassifier(outputs[0]) ? TopClasses.Compute(outputs[0], parsed.GetValue(topk)) : [];
            if (parsed.GetValue(json))
            {
                var result = new
                {
                    outputs = files,
                    top = top.Select(t => new { @class = t.Index, name = ClassNames.Name(names, t.Index), prob = t.Probability }),
                };
                Console.WriteLine(JsonSerializer.Serialize(result, CommonOptions.JsonOutput));
                return ExitCodes.Ok;
            }
            foreach (var o in outputs.Select((t, k) => (t, k)))
                Console.WriteLine($"output '{m.Graph.OutputNames[o.k]}': [{ShapeUtil.Format(o.t.Shape)}]");
            foreach (var t in top)
                Console.WriteLine($"{t.Index,6}  {t.Probability,8:P2}  {ClassNames.Name(names, t.Index)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
