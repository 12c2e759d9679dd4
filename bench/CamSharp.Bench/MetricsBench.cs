using CamSharp.Explain.Math;
using CamSharp.Explain.Metrics;

namespace CamSharp.Bench;

/// <summary>
/// ROAD's imputation solve at 224 × 224 (pytorch-grad-cam's scipy spsolve takes about 1.4 s
/// of CPU for the 10th-percentile mask, measured with tools/reference_data's re-implementation),
/// and the full metric suite for one image and map.
/// </summary>
public static class MetricsBench
{
    public static void Run(string[] args)
    {
        const int size = 224;
        var rng = new Random(0);
        var image = new float[3 * size * size];
        for (int i = 0; i < image.Length; i++) image[i] = (float)(rng.NextDouble() * 4 - 2);
        var map = new float[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                map[y * size + x] = (float)System.Math.Exp(-((y - 100) * (y - 100) + (x - 120) * (x - 120)) / (2.0 * 50 * 50));

        Console.WriteLine($"{"ROAD imputation 224x224",-30} {"unknowns",9} {"levels",7} {"CG its",7} {"wall ms",9} {"cpu ms",9}");
        foreach (double p in new[] { 10.0, 50, 90 })
        {
            var keep = RoadMask.Keep(map, p, mostRelevantFirst: true);
            var system = new ImputationSystem(image, 3, size, size, keep);
            var mg = new AggregationMultigrid(system.Matrix);
            int iterations = ConjugateGradient.Solve(system.Matrix.Multiply, mg.Apply, system.RightHandSides[0], new double[system.Matrix.Count], 1e-9, 2000);
            var t = Timing.Measure(() => new NoisyLinearImputer().Impute(image, 3, size, size, keep), warmup: 1, runs: 5);
            Console.WriteLine($"{"most relevant first p=" + p,-30} {system.Matrix.Count,9} {mg.Levels,7} {iterations,7} {t.Wall * 1000,9:F1} {t.Cpu * 1000,9:F1}");
        }
        Suite();
    }

    /// <summary>Each metric of one map: digitcnn on the d96_a fixture (96 × 96) with pytorch-grad-cam's Grad-CAM map.</summary>
    private static void Suite()
    {
        string fixtures = Path.Combine(RepoRoot(), "..", "shared", "fixtures");
        var model = Model.Load(Path.Combine(fixtures, "models", "digitcnn.onnx"));
        var tensor = CamSharp.Tensors.Npy.ReadTensor(Path.Combine(fixtures, "outputs", "tensors", "digitcnn__d96_a__96x96.npy"));
        var map = CamSharp.Tensors.Npy.ReadTensor(Path.Combine(fixtures, "outputs", "cams", "digitcnn__d96_a__96x96__block4__GradCAM__c3.npy")).Floats.ToArray();
        MetricInput Input() => new(model, tensor, [map], [new CamSharp.Explain.Targets.SoftmaxTarget(3)]);
        Console.WriteLine($"{"digitcnn 96x96, one map",-30} {"frames",9} {"wall ms",9} {"cpu ms",9}");
        foreach (var (name, frames, run) in new (string, int, Action)[]
        {
            ("confidence change", 2, () => ConfidenceChange.Evaluate(Input())),
            ("ROAD (9 percentiles x 2)", 19, () => Road.Evaluate(Input())),
            ("deletion (step 96)", 98, () => DeletionInsertion.Deletion(Input())),
            ("insertion (step 96)", 98, () => DeletionInsertion.Insertion(Input())),
        })
        {
            var t = Timing.Measure(run, warmup: 1, runs: 5);
            Console.WriteLine($"{name,-30} {frames,9} {t.Wall * 1000,9:F1} {t.Cpu * 1000,9:F1}");
        }
    }

    private static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx"))) return dir.FullName;
        throw new DirectoryNotFoundException("Run from inside the repository (CamSharp.slnx not found).");
    }
}
