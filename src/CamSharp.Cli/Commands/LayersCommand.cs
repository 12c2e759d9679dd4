using System.CommandLine;
using CamSharp.Onnx;

namespace CamSharp.Cli.Commands;

/// <summary><c>camsharp layers MODEL</c>: the module tree with output values and shapes (MMYOLO's --preview-model).</summary>
internal static class LayersCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The ONNX model file." };
        var inputSize = CommonOptions.InputSize();
        var json = CommonOptions.Json();
        var depth = new Option<int?>("--depth") { Description = "Show modules down to this depth only." };
        var maxMemory = CommonOptions.MaxMemory();
        var command = new Command("layers", "List the model's layers (module paths) with their output values and shapes.") { model, inputSize, json, depth, maxMemory };
        command.SetAction(parsed =>
        {
            var m = CommonOptions.LoadModel(parsed, maxMemory, parsed.GetValue(model)!);
            Func<string, int[]?> shapeOf = _ => null;
            var size = parsed.GetValue(inputSize);
            (int, int)? hw = size is { Length: 2 } ? (size[0], size[1]) : m.StaticInputSize;
            if (hw is var (h, w) && m.Input.Shape is { Length: 4 } s)
            {
                var plan = m.Session.GetPlan(1, s[1] > 0 ? s[1] : 3, h, w);
                shapeOf = plan.TryShapeOf;
            }
            else Console.Error.WriteLine("note: the input size is dynamic; give --input-size H W to see shapes.");

            int maxDepth = parsed.GetValue(depth) is { } d ? Math.Max(d - 1, 0) : int.MaxValue;
            Console.WriteLine(parsed.GetValue(json)
                ? LayerTreeFormatter.FormatJson(m.Modules, shapeOf)
                : LayerTreeFormatter.Format(m.Modules, shapeOf, maxDepth));
            return ExitCodes.Ok;
        });
        return command;
    }
}
