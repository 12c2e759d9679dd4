using CamSharp.Onnx.Proto;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// The families that <c>shared/conformance/README.md</c> puts outside CamSharp's scope: a test
/// that uses one of these operators, or feeds or returns a sequence, map, optional or string,
/// is expected to be refused at load.
/// </summary>
public static class ConformanceScope
{
    private static readonly HashSet<string> OutOfScopeOps = new(StringComparer.Ordinal)
    {
        // training and loss
        "Gradient", "Adagrad", "Adam", "Momentum", "NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss",
        // recurrent networks
        "RNN", "GRU", "LSTM",
        // sequences and optionals
        "SplitToSequence", "ConcatFromSequence", "Optional", "OptionalHasElement", "OptionalGetElement",
        // strings and text
        "StringNormalizer", "TfIdfVectorizer",
        // random generators
        "Bernoulli", "Multinomial",
        // signal processing
        "DFT", "STFT", "MelWeightMatrix", "HannWindow", "HammingWindow", "BlackmanWindow",
        // determinants, bitwise, loops and the rest
        "Det", "BitShift", "Scan", "Unique", "ReverseSequence", "Compress", "MaxUnpool",
    };

    private const int StringType = 8;

    private static readonly string[] OutOfScopePrefixes = ["Sequence", "Optional", "Random", "Regex", "String", "Bitwise"];

    /// <summary>Why the model is out of scope ("LSTM", "sequence input 'x'"), or null when it is in scope.</summary>
    public static string? Reason(string modelPath)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        var ops = new SortedSet<string>(StringComparer.Ordinal);
        Collect(model.Graph, ops);
        foreach (var f in model.Functions) foreach (var n in f.Node) ops.Add(n.OpType);
        var outside = ops.Where(IsOutOfScope).ToList();
        if (outside.Count > 0) return string.Join(", ", outside);
        foreach (var v in model.Graph.Input.Concat(model.Graph.Output))
        {
            if (v.Type is { } t && t.ValueCase != TypeProto.ValueOneofCase.TensorType)
                return $"{t.ValueCase} value '{v.Name}'";
            if (v.Type?.TensorType?.ElemType == StringType) return $"STRING value '{v.Name}'";
        }
        return null;
    }

    public static bool IsOutOfScope(string opType) =>
        OutOfScopeOps.Contains(opType) || OutOfScopePrefixes.Any(p => opType.StartsWith(p, StringComparison.Ordinal));

    private static void Collect(GraphProto graph, ISet<string> ops)
    {
        foreach (var n in graph.Node)
        {
            ops.Add(n.OpType);
            foreach (var a in n.Attribute)
            {
                if (a.G is { } g) Collect(g, ops);
                foreach (var sub in a.Graphs) Collect(sub, ops);
            }
        }
    }
}
