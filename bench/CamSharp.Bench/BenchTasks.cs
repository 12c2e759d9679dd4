namespace CamSharp.Bench;

/// <summary>
/// One bench task: runnable alone (<c>-- name</c>), and optionally contributing rows to the
/// summary table of <c>-- all</c>. A new task (BoxamBench, say) registers itself by adding one
/// entry to <see cref="All"/>.
/// </summary>
internal sealed record BenchTask(string Name, string Description, Action<string[]> Run, Func<BenchSettings, IEnumerable<BenchRow>>? TableRows = null);

/// <summary>Options shared by the tasks: <c>--quick</c> takes fewer repetitions (medians of fewer runs).</summary>
internal sealed record BenchSettings(bool Quick)
{
    public static BenchSettings From(string[] args) => new(args.Contains("--quick"));

    /// <summary>Timed runs for a task whose full count is <paramref name="full"/>: at least 3 unless quick.</summary>
    public int Runs(int full) => Quick ? Math.Max(1, full / 5) : Math.Max(3, full);
}

internal static class BenchTasks
{
    public static IReadOnlyList<BenchTask> All { get; } =
    [
        new("forward", "forward per model beside PyTorch and ONNX Runtime", ModelBench.Forward),
        new("ort", "ours against ONNX Runtime in this process, alternating rounds, batch 1 and 8: ort [MODEL…] [--batch N] [--json FILE]", SideBySideBench.Run),
        new("steady", "where slow rounds come from: per-round times, allocations, GCs, worker wake-ups: steady MODEL [--batch N] [--ort] [--types]", SteadyBench.Run),
        new("ort-profile", "per-node profile of ours beside ONNX Runtime's own: ort-profile MODEL [--batch N]", SideBySideProfile.Run),
        new("ops", "the operators between the convolutions alone, the executor's cost per node, batch split and Concat in place A/B: ops [--runs N] [--cpu] [--split] [--concat]", OpsBench.Run),
        new("backward", "resnet18 forward + backward to layer4 against our forward", ModelBench.Backward),
        new("focus", "YOLOX's Focus stem alone, fused against its Slices, forward and + input gradient, batch 1 and 8: focus [--runs N] [--cpu]", FocusBench.Run),
        new("cam", "resnet18 CAMs beside pytorch-grad-cam", CamBench.Run),
        new("pgc", "Grad-CAM, Score-CAM and the whole process beside pytorch-grad-cam itself: pgc --pgc DIR [--model NAME=FILE] [--camsharp EXE]", PgcBench.Run),
        new("scorecam", "Score-CAM on resnet18 at 224 per batch size, beside the one the memory budget picks: scorecam [--batches 8,16,32] [--runs N] [--forward]", ScoreCamBench.Run),
        new("boxam", "camsharp boxam's steps on yolov8n at 640 beside its forward", BoxamBench.Run),
        new("blackbox", "RISE (4000 masks, resnet18) and D-RISE (1000 masks, yolov8n) per image", BlackBoxBench.Run),
        new("imaging", "decode, resize and encode", ImagingBench.Run),
        new("metrics", "faithfulness metrics (camsharp evaluate) per image", MetricsBench.Run),
        new("gemm", "GEMM 2048³ GFLOP/s, 1 thread and all cores", GemmBench.Run, GemmBench.TableRows),
        new("conv", "resnet18's convolution shapes alone, batch 1 and 32 (--batch N, --only PREFIX, --cpu: CPU per call at DOTNET_PROCESSOR_COUNT=1, --min: fastest block)", ConvBench.Run),
        new("profile", "where a forward spends its time: profile MODEL [--batch N] [--nodes]", ProfileBench.Run),
        new("kernels", "kernel-versus-scalar-twin checks here and with wide vectors off", FallbackCheck.Run),
        new("models", "forward and CAM timings of every bench model (the table's main rows)", TableBench.RunModels, ModelRows.Rows),
        new("model-rows", "one model's table rows as JSON lines (all starts it per model): model-rows MODEL [--quick]", ModelRows.Emit),
        new("memory", "peak RSS of a fresh process running a CAM: memory MODEL METHOD", MemoryBench.Run, MemoryBench.TableRows),
    ];

    public static BenchTask? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
