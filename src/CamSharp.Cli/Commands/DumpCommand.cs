using System.CommandLine;
using CamSharp.Engine;
using CamSharp.Features;
using CamSharp.Imaging;

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
        var images = new Argument<string[]>("images") { Description = "Image files or folders of images; several images give one subfolder each.", Arity = ArgumentArity.ZeroOrMore };
        var model = new Option<string>("--model") { Description = "The ONNX model file.", Required = true };
        var count = new Option<int>("--n") { Description = "Channels drawn per stage (8 per row).", DefaultValueFactory = _ => 32 };
        var modules = new Option<string[]?>("--modules") { Description = "Modules to dump (default: every top-level module except detection heads).", AllowMultipleArgumentsPerToken = true };
        var outDir = new Option<string?>("--out-dir") { Description = $"Output folder: one image writes its stages into it; several images or a folder write one subfolder per image, named after it (default {OutputPlan.DefaultFolder("dump")}/<image name>)." };
        var input = new InputOptions();
        var command = new Command("dump", "Save every stage's feature maps as PNG grids and .npy (Ultralytics visualize=True).") { images, model, count, modules, outDir };
        input.AddTo(command);
        command.SetAction(parsed =>
        {
            int n = parsed.GetValue(count);
            if (n <= 0) throw new CliException($"--n must be positive, got {n}.");
            var arguments = parsed.GetValue(images) ?? [];
            var sources = InputFiles.List(arguments, parsed.GetValue(input.InputTensor));
            var plan = OutputPlan.ForFolders("dump", arguments, sources, parsed.GetValue(outDir));
            var m = input.LoadModel(parsed, parsed.GetValue(model)!);
            IReadOnlyList<DumpStage> stages;
            try
            {
                stages = StageDump.Stages(m, parsed.GetValue(modules));
            }
            catch (InputException e) when (e.Parameter == "Layers")
            {
                throw new CliException($"--modules: {e.Message}");
            }
            return InputBatch.Run(sources, 1, parsed.GetValue(CommonOptions.Verbose), source =>
            {
                string dir = plan.PathFor(source);
                Directory.CreateDirectory(dir);
                int written = DumpOne(m, input.Load(parsed, m, source.IsTensor ? null : source.Path), stages, n, dir);
                Messages.Wrote(dir, $"{written} stage{(written == 1 ? "" : "s")} saved: PNG grids and .npy");
            }, plan.Folder);
        });
        return command;
    }

    /// <summary>Runs one input and writes each drawable stage's grid and .npy; returns how many were written.</summary>
    private static int DumpOne(Model m, LoadedInput loaded, IReadOnlyList<DumpStage> stages, int n, string dir)
    {
        using var pass = m.Session.Run(loaded.Tensor, new RunOptions { Taps = stages.Select(s => s.Value).Distinct().ToArray() });
        int written = 0;
        foreach (var stage in stages)
        {
            var t = pass.Value(stage.Value);
            if (t.Rank != 4 || t.Type != Tensors.DataType.Float32 || !StageDump.IsDrawable(t.Shape[2], t.Shape[3]))
            {
                Messages.Info($"{stage.Path}: skipped ({t.Type} [{string.Join(", ", t.Shape)}] is not a C×H×W map larger than 1×1)");
                continue;
            }
            var (data, c, h, w) = FeatureReductions.Image(t);
            string stem = StageDump.FileStem(stage.Index, stage.Type);
            ImageEncoder.Save(StageDump.ChannelGrid(data, c, h, w, n), Path.Combine(dir, stem + ".png"));
            OutputFiles.WriteNpy(Path.Combine(dir, stem + ".npy"), Tensors.Tensor.FromFloats(data, c, h, w));
            Messages.Out($"{stage.Path}: {c}x{h}x{w} → {stem}.png, {stem}.npy");
            written++;
        }
        return written;
    }
}
