using System.CommandLine;
using CamSharp.Engine;
using CamSharp.Features;
using CamSharp.Imaging;
using CamSharp.Onnx;

namespace CamSharp.Cli.Commands;

/// <summary>
/// <c>camsharp dump</c>: Ultralytics' <c>predict(visualize=True)</c>. For each top-level module
/// in order (skipping detection heads), the first n channels of image 0 as a viridis grid
/// (<c>stage{i}_{Type}_features.png</c>) and all channels as <c>.npy</c>.
/// </summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var image = new Argument<string?>("image") { Description = "The image.", Arity = ArgumentArity.ZeroOrOne };
        var model = new Option<string>("--model") { Description = "The ONNX model file.", Required = true };
        var count = new Option<int>("--n") { Description = "Channels drawn per stage (8 per row).", DefaultValueFactory = _ => 32 };
        var modules = new Option<string[]?>("--modules") { Description = "Modules to dump (default: every top-level module except detection heads).", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<string>("--out-dir") { Description = "Output folder.", DefaultValueFactory = _ => "features" };
        var input = new InputOptions();
        var command = new Command("dump", "Save every stage's feature maps as PNG grids and .npy (Ultralytics visualize=True).") { image, model, count, modules, outDir };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            int n = parsed.GetValue(count);
            if (n <= 0) throw new CliException($"--n must be positive, got {n}.");
            string dir = OutputFiles.EnsureWritableDirectory(parsed.GetValue(outDir)!);
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            var stages = SelectStages(m, parsed.GetValue(modules));
            var loaded = input.Load(parsed, m, parsed.GetValue(image));
            using var pass = m.Session.Run(loaded.Tensor, new RunOptions { Taps = stages.Select(s => s.Value).Distinct().ToArray() });
            int written = 0;
            foreach (var (index, path, value) in stages)
            {
                var t = pass.Value(value);
                if (t.Rank != 4 || t.Type != Tensors.DataType.Float32 || !StageDump.IsDrawable(t.Shape[2], t.Shape[3]))
                {
                    Console.WriteLine($"{path}: skipped ({t.Type} [{string.Join(", ", t.Shape)}] is not a C×H×W map larger than 1×1)");
                    continue;
                }
                var (data, c, h, w) = FeatureReductions.Image(t);
                string stem = StageDump.FileStem(index, TypeOf(m, value));
                ImageEncoder.Save(StageDump.ChannelGrid(data, c, h, w, n), Path.Combine(dir, stem + ".png"));
                OutputFiles.WriteNpy(Path.Combine(dir, stem + ".npy"), Tensors.Tensor.FromFloats(data, c, h, w));
                Console.WriteLine($"{path}: {c}x{h}x{w} → {stem}.png, {stem}.npy");
                written++;
            }
            Console.WriteLine($"{written} stages saved to {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The stages to dump: the named modules, or every top-level module that does not produce a graph output (the detection head).</summary>
    private static List<(int Index, string Path, string Value)> SelectStages(Model m, string[]? names)
    {
        var top = m.Modules.TopLevel;
        if (names is { Length: > 0 })
            return names.Select((name, i) =>
            {
                IReadOnlyList<string> values;
                try
                {
                    values = m.ResolveLayer(name);
                }
                catch (InputException e) when (e.Parameter == "Layers")
                {
                    throw new CliException($"--modules: {e.Message}");
                }
                var module = m.Modules.Find(name);
                int index = module is not null && top.Contains(module) ? IndexOf(top, module) : i;
                return (index, name, values[^1]);
            }).ToList();
        if (top.Count == 0) throw new CliException($"{m.Source} has no module scopes in its node names: name the layers with --modules.");
        var graphOutputs = m.Onnx.Outputs.Select(o => o.Name).ToHashSet();
        return top.Select((module, i) => (Index: i, module.Path, Module: module))
            .Where(s => s.Module.OutputValues.Count > 0 && !s.Module.OutputValues.Any(graphOutputs.Contains))
            .Select(s => (s.Index, s.Path, s.Module.OutputValues[^1])).ToList();
    }

    private static int IndexOf(IReadOnlyList<Module> list, Module module)
    {
        for (int i = 0; i < list.Count; i++) if (ReferenceEquals(list[i], module)) return i;
        return -1;
    }

    /// <summary>The export does not keep PyTorch class names, so the type is the op type of the node making the output.</summary>
    private static string TypeOf(Model m, string value) => OutputFiles.SafeName(m.Modules.ProducerOf(value)?.OpType ?? "Input");
}
