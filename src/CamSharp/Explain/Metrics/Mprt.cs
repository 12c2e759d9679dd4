using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Metrics;

/// <summary>
/// The model parameter randomisation test (Adebayo et al., 2018, arXiv:1810.03292) as Quantus'
/// <c>MPRT</c> runs it: the layers with parameters are re-initialised one more at a time, from the
/// output down (cascading, <c>top_down</c>), and after each the explanation of the same inputs and
/// targets is compared with the original one by Spearman's rank correlation of their absolute
/// values (Quantus' defaults: <c>abs=True</c>, normalised by the maximum, which ranks ignore).
/// A method that depends on the model shows correlations falling towards 0.
/// </summary>
public static class Mprt
{
    /// <summary>The layers with parameters (Conv, Gemm, MatMul with a constant weight, BatchNormalization), in graph order.</summary>
    public static IReadOnlyList<MprtLayer> Layers(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var inits = model.Onnx.Initializers;
        var layers = new List<MprtLayer>();
        foreach (var node in model.Graph.Nodes)
        {
            bool linear = node.OpType is "Conv" or "Gemm" or "MatMul" or "ConvTranspose";
            if (!linear && node.OpType != "BatchNormalization") continue;
            if (linear && (node.Inputs.Length < 2 || !inits.ContainsKey(node.Inputs[1]))) continue;
            string[] parameters = [.. node.Inputs.Skip(1).Where(inits.ContainsKey)];
            if (parameters.Length > 0) layers.Add(new MprtLayer(node.DisplayName, node.OpType, parameters));
        }
        return layers;
    }

    /// <summary>
    /// Correlations per randomisation step (first "original", the explanation with itself, then one
    /// entry per layer in the order randomised), one value per image. <paramref name="explain"/>
    /// explains an input on a model (the original, then each randomised copy) and returns one
    /// attribution per image, any length.
    /// </summary>
    public static MprtResult Evaluate(Model model, Tensor input, Func<Model, Tensor, IReadOnlyList<float[]>> explain, MprtOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(explain);
        options ??= new MprtOptions();
        var layers = Layers(model).ToList();
        if (layers.Count == 0) throw new InputException($"{model.Source} has no layers with parameters to randomise.");
        if (options.Order == MprtOrder.TopDown) layers.Reverse();
        var original = Absolute(explain(model, input));
        var steps = new List<MprtStep> { new("original", Correlate(original, original)) };
        var randomised = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (options.Order == MprtOrder.Independent) randomised.Clear();
            foreach (var (name, t) in options.Randomize?.Invoke(layer) ?? DefaultRandomization(model, layer, options.Seed))
                randomised[name] = t;
            var copy = model.WithInitializers(randomised);
            steps.Add(new MprtStep(layer.Name, Correlate(original, Absolute(explain(copy, input)))));
        }
        return new MprtResult(steps);
    }

    /// <summary>
    /// PyTorch's <c>reset_parameters</c> distributions with a seeded generator: weights and biases
    /// of Conv/Gemm/MatMul uniform in ±1/√fan_in, BatchNormalization scale 1, shift 0, mean 0, variance 1.
    /// (The values differ from PyTorch's own generator; give <see cref="MprtOptions.Randomize"/> to use those.)
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> DefaultRandomization(Model model, MprtLayer layer, int seed)
    {
        var inits = model.Onnx.Initializers;
        var random = new Random(unchecked(seed * 31 + StableHash(layer.Name)) & 0x7fffffff);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (layer.OpType == "BatchNormalization")
        {
            float[] fills = [1, 0, 0, 1];
            for (int i = 0; i < layer.Parameters.Count && i < fills.Length; i++)
            {
                var t = Tensor.Zeros(inits[layer.Parameters[i]].Shape);
                t.Floats.Fill(fills[i]);
                result[layer.Parameters[i]] = t;
            }
            return result;
        }
        var w = inits[layer.Parameters[0]];
        int fanIn = layer.OpType switch
        {
            "Conv" => w.Length / w.Shape[0],
            "Gemm" => w.Shape[1],
            _ => w.Shape[0],
        };
        float bound = 1 / MathF.Sqrt(System.Math.Max(fanIn, 1));
        foreach (var name in layer.Parameters)
        {
            var t = Tensor.Zeros(inits[name].Shape);
            var d = t.Floats;
            for (int i = 0; i < d.Length; i++) d[i] = (float)(random.NextDouble() * 2 - 1) * bound;
            result[name] = t;
        }
        return result;
    }

    /// <summary>FNV-1a of the name: the same in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableHash(string name)
    {
        uint h = 2166136261;
        foreach (char c in name) h = (h ^ c) * 16777619;
        return (int)h;
    }

    private static float[][] Absolute(IReadOnlyList<float[]> maps) => [.. maps.Select(m => m.Select(System.Math.Abs).ToArray())];

    private static double[] Correlate(float[][] a, float[][] b)
    {
        if (a.Length != b.Length) throw new InputException($"The method gave {b.Length} attributions for {a.Length} images.");
        return [.. a.Select((x, i) => Spearman.Correlation(x, b[i]))];
    }
}

/// <summary>A layer that <see cref="Mprt"/> re-initialises: its node and its parameter initializers.</summary>
public sealed record MprtLayer(string Name, string OpType, IReadOnlyList<string> Parameters);

/// <summary>Quantus' <c>layer_order</c>.</summary>
public enum MprtOrder
{
    /// <summary><c>top_down</c>, the default: cascading from the output layer.</summary>
    TopDown,
    /// <summary><c>bottom_up</c>: cascading from the input layer.</summary>
    BottomUp,
    /// <summary><c>independent</c>: one layer at a time, the others original.</summary>
    Independent,
}

public sealed record MprtOptions
{
    public MprtOrder Order { get; init; } = MprtOrder.TopDown;

    /// <summary>Quantus' default seed.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>New parameter values for a layer, by initializer name (to repeat another tool's randomisation); null uses <see cref="Mprt.DefaultRandomization"/>.</summary>
    public Func<MprtLayer, IReadOnlyDictionary<string, Tensor>>? Randomize { get; init; }
}

/// <summary>One randomisation step: the layer last randomised ("original" for none) and each image's correlation.</summary>
public sealed record MprtStep(string Layer, IReadOnlyList<double> Correlations);

/// <summary>Every step of one test.</summary>
public sealed record MprtResult(IReadOnlyList<MprtStep> Steps)
{
    /// <summary>Each image's correlation after the last layer (Quantus' <c>return_last_correlation</c>).</summary>
    public IReadOnlyList<double> Last => Steps[^1].Correlations;

    /// <summary>Each image's mean over all steps, "original" included as Quantus' <c>return_average_correlation</c> does.</summary>
    public IReadOnlyList<double> Average => [.. Enumerable.Range(0, Steps[0].Correlations.Count).Select(b => Steps.Average(s => s.Correlations[b]))];
}
