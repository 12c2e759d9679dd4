using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// The opset in which each supported operator entered the default ONNX domain, for those
/// added after the oldest opset CamSharp reads (7). A node whose operator is newer than the
/// model's opset is invalid: exporters never write one, so it points at a broken file.
/// </summary>
internal static class OperatorVersions
{
    private static readonly Dictionary<string, int> Since = new(StringComparer.Ordinal)
    {
        ["Expand"] = 8,
        ["ConstantOfShape"] = 9,
        ["Erf"] = 9,
        ["Where"] = 9,
        ["Resize"] = 10,
        ["GatherElements"] = 11,
        ["Range"] = 11,
        ["Round"] = 11,
        ["GreaterOrEqual"] = 12,
        ["LessOrEqual"] = 12,
        ["HardSwish"] = 14,
        ["CastLike"] = 15,
        ["LayerNormalization"] = 17,
        ["Gelu"] = 20,
        // ops-a: elementwise, activation, normalisation and reduction operators.
        ["Acosh"] = 9,
        ["Asinh"] = 9,
        ["Atanh"] = 9,
        ["Cosh"] = 9,
        ["Sinh"] = 9,
        ["EyeLike"] = 9,
        ["IsNaN"] = 9,
        ["MeanVarianceNormalization"] = 9,
        ["OneHot"] = 9,
        ["Shrink"] = 9,
        ["Sign"] = 9,
        ["IsInf"] = 10,
        ["Mod"] = 10,
        ["ThresholdedRelu"] = 10,
        ["CumSum"] = 11,
        ["Celu"] = 12,
        ["Trilu"] = 14,
        ["GroupNormalization"] = 18,
        ["Mish"] = 18,
    };

    /// <summary>Adds a problem for every default-domain node newer than <paramref name="opset"/>.</summary>
    public static void Check(IEnumerable<Node> nodes, long opset, List<string> problems)
    {
        foreach (var node in nodes)
            if (node.Domain.Length == 0 && Since.TryGetValue(node.OpType, out int since) && since > opset)
                problems.Add($"{node} uses {node.OpType}, which entered ONNX in opset {since}, but the model imports opset {opset}");
    }
}
