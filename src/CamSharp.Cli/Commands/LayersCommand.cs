using System.CommandLine;
using System.Text.Json.Nodes;
using CamSharp.Application;
using CamSharp.Onnx;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp layers MODEL</c>: what CamSharp makes of the model (its profile: kind,
/// preprocessing, class names, default layers), then the module tree with output values and
/// shapes (MMYOLO's --preview-model).
/// </summary>
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
            IgnoredOptions.WarnIf(parsed, parsed.GetValue(json), depth, "--json prints the whole tree.");
            var m = CommonOptions.LoadModel(parsed, maxMemory, parsed.GetValue(model)!);
            Func<string, int[]?> shapeOf = _ => null;
            var size = parsed.GetValue(inputSize);
            var profile = m.Profile;
            // A size the model cannot take is refused as --input-size, not as a shape mismatch.
            var (h, w) = size is { Length: 2 } ? InputSizePolicy.For(m, (size[0], size[1]), null) : profile.InputSize;
            if (m.TakesOneImage || m.Input.Shape is { Length: 4 or 5 })
                shapeOf = m.Session.GetPlan(m.InputShapeFor(h, w)).TryShapeOf;

            int maxDepth = parsed.GetValue(depth) is { } d ? Math.Max(d - 1, 0) : int.MaxValue;
            if (parsed.GetValue(json))
            {
                // A module tree is up to 64 levels deep (NodeScope.MaxDepth), each two JSON levels:
                // past System.Text.Json's default depth of 64, so allow what the writer allows.
                var tree = JsonNode.Parse(LayerTreeFormatter.FormatJson(m.Modules, shapeOf), documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 1000 })!.AsObject();
                tree["profile"] = ModelProfileFormatter.ToJson(profile);
                Console.WriteLine(tree.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, MaxDepth = 1000 }));
            }
            else
            {
                Console.Write(ModelProfileFormatter.Format(profile));
                Console.WriteLine();
                Console.WriteLine(LayerTreeFormatter.Format(m.Modules, shapeOf, maxDepth));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
