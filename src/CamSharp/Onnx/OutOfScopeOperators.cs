namespace CamSharp.Onnx;

/// <summary>
/// Operator families CamSharp does not mean to run, because no vision model that it explains
/// needs them: training, recurrence, sequences and optionals, text, randomness, signal
/// processing, bit twiddling and Scan loops. A model using one is refused at load with the family
/// named, so nobody waits for an operator that is not coming. Sequences whose structure is known at
/// load are resolved into tensors before operators are judged (<see cref="Engine.StaticSequences"/>);
/// only the others meet this list.
/// </summary>
public static class OutOfScopeOperators
{
    private static readonly Dictionary<string, string> Families = new(StringComparer.Ordinal)
    {
        ["Gradient"] = "training", ["Adagrad"] = "training", ["Adam"] = "training", ["Momentum"] = "training",
        ["NegativeLogLikelihoodLoss"] = "training losses", ["SoftmaxCrossEntropyLoss"] = "training losses",
        ["RNN"] = "recurrent networks", ["GRU"] = "recurrent networks", ["LSTM"] = "recurrent networks",
        ["SplitToSequence"] = "sequence types", ["ConcatFromSequence"] = "sequence types", ["ReverseSequence"] = "sequence types",
        ["StringNormalizer"] = "strings and text", ["TfIdfVectorizer"] = "strings and text",
        ["Bernoulli"] = "random generators", ["Multinomial"] = "random generators",
        ["DFT"] = "signal processing", ["STFT"] = "signal processing", ["MelWeightMatrix"] = "signal processing",
        ["HannWindow"] = "signal processing", ["HammingWindow"] = "signal processing", ["BlackmanWindow"] = "signal processing",
        ["Det"] = "determinants", ["BitShift"] = "bitwise operators",
        ["Scan"] = "loops",
        ["Unique"] = "data-dependent selection", ["Compress"] = "data-dependent selection", ["MaxUnpool"] = "unpooling",
    };

    private static readonly (string Prefix, string Family)[] Prefixes =
    [
        ("Sequence", "sequence types"), ("Optional", "optional types"), ("Random", "random generators"),
        ("Regex", "strings and text"), ("String", "strings and text"), ("Bitwise", "bitwise operators"),
    ];

    /// <summary>The domain of ONNX's training operators (Gradient, Adam, ...).</summary>
    public const string TrainingDomain = "ai.onnx.preview.training";

    /// <summary>The family an out-of-scope default-domain op type belongs to ("recurrent networks"), or null.</summary>
    public static string? Family(string opType)
    {
        if (Families.TryGetValue(opType, out var family)) return family;
        foreach (var (prefix, name) in Prefixes)
            if (opType.StartsWith(prefix, StringComparison.Ordinal)) return name;
        return null;
    }
}
