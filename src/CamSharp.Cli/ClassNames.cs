using CamSharp.Tensors;

namespace CamSharp.Cli;

/// <summary>Class names from --labels or the model's metadata.</summary>
internal static class ClassNames
{
    public static IReadOnlyList<string>? For(Model model, string? labelsFile)
    {
        if (labelsFile is null) return model.Onnx.ClassNames;
        if (!File.Exists(labelsFile)) throw new CliException($"labels file not found: {labelsFile}");
        return File.ReadAllLines(labelsFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
    }

    public static string Name(IReadOnlyList<string>? names, int index) =>
        names is not null && index < names.Count ? names[index] : $"class {index}";

    /// <summary>True for [N, C] or [N, C, 1, 1] outputs.</summary>
    public static bool LooksLikeClassifier(Tensor output) =>
        output.Type == DataType.Float32 && output.Rank >= 2 && output.Shape.Skip(2).All(d => d == 1) && output.Shape[1] > 1;
}

/// <summary>The top classes of the first row of a classifier output.</summary>
internal static class TopClasses
{
    public readonly record struct Entry(int Index, float Probability);

    /// <summary>Softmax unless the row already is a probability distribution.</summary>
    public static Entry[] Compute(Tensor output, int k)
    {
        int classes = output.Length / output.Shape[0];
        var row = output.Floats[..classes];
        float sum = System.Numerics.Tensors.TensorPrimitives.Sum(row);
        bool probabilities = Math.Abs(sum - 1) < 1e-3 && System.Numerics.Tensors.TensorPrimitives.Min(row) >= 0;
        var p = new float[classes];
        if (probabilities) row.CopyTo(p);
        else System.Numerics.Tensors.TensorPrimitives.SoftMax(row, p);
        return Enumerable.Range(0, classes).OrderByDescending(i => p[i]).ThenBy(i => i).Take(Math.Max(k, 0)).Select(i => new Entry(i, p[i])).ToArray();
    }
}
