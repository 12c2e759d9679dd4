using System.CommandLine;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp grad</c>: each layer's activation and the gradient of the target with respect
/// to it, as .npy (Captum LayerGradientXActivation users, engine checks).
/// </summary>
internal static class GradCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("model") { Description = "The ONNX model file." };
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images.", Arity = ArgumentArity.ZeroOrMore };
        var input = new InputOptions();
        var layers = new Option<string[]>("--target-layers") { Description = "Layer names (module paths, value or node names).", Required = true, AllowMultipleArgumentsPerToken = true };
        var categories = new Option<string[]?>("--target-category") { Description = "Class (index or name) per image (default: the top class). Several for one image give one gradient row per class.", AllowMultipleArgumentsPerToken = true };
        var softmax = new Option<bool>("--softmax") { Description = "Differentiate the softmax probability instead of the raw logit." };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder (several images: one subfolder each, named after it).", Required = true };
        var precise = CommonOptions.Precise();
        var command = new Command("grad", "Save layer activations and target gradients as .npy.") { model, images, layers, categories, softmax, precise, outDir };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            var plan = OutputPlan.ForFolders("grad", arguments, sources, parsed.GetValue(outDir));
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            return InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source => Write(parsed, input, m, source, plan.PathFor(source), layers, categories, softmax, precise), plan.Folder);
        });
        return command;
    }

    /// <summary>One input's activations and gradients into <paramref name="dir"/>.</summary>
    private static void Write(ParseResult parsed, InputOptions input, Model m, InputSource source, string dir,
        Option<string[]> layers, Option<string[]?> categories, Option<bool> softmax, Option<bool> precise)
    {
        var loaded = input.Load(parsed, m, source.IsTensor ? null : source.Path);
        var layerValues = parsed.GetValue(layers)!.Select(l => (Layer: l, Values: m.ResolveLayer(l))).ToArray();
        var values = layerValues.SelectMany(l => l.Values).Distinct().ToArray();

        int[]? classes = TargetCategories.Indices(parsed.GetValue(categories), m.Profile);
        var (computed, scores) = LayerGradients.Compute(m, loaded.Tensor, values, classes, parsed.GetValue(softmax), parsed.GetValue(precise));
        var byValue = computed.ToDictionary(l => l.Value);
        foreach (var (layer, vals) in layerValues)
            for (int i = 0; i < vals.Count; i++)
            {
                string stem = OutputFiles.SafeName(layer) + (vals.Count > 1 ? $".{i}" : "");
                OutputFiles.WriteNpy(Path.Combine(dir, stem + ".activation.npy"), byValue[vals[i]].Activation);
                OutputFiles.WriteNpy(Path.Combine(dir, stem + ".gradient.npy"), byValue[vals[i]].Gradient);
                Messages.Out($"{layer}{(vals.Count > 1 ? $" [{i}]" : "")}: {vals[i]} → {stem}.activation.npy, {stem}.gradient.npy");
            }
        foreach (var l in computed)
        {
            l.Activation.Dispose();
            l.Gradient.Dispose();
        }
        Messages.Out($"target scores: {string.Join(", ", scores.Select(x => x.ToString("G6")))}");
        Messages.Wrote(dir, "activations and gradients as .npy");
    }
}
