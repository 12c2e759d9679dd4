using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Makes an operator for one node; <paramref name="opset"/> is the model's default-domain opset.</summary>
public delegate Operator OperatorFactory(Node node, int opset);

/// <summary>
/// The one explicit list of supported ONNX operators (no reflection scan). Names are
/// exactly the spec's op types.
/// </summary>
public static class OperatorRegistry
{
    private static readonly Dictionary<string, OperatorFactory> Factories = new(StringComparer.Ordinal)
    {
        // ---- elementwise and activations ----


        // ---- neural network (conv, pool, norm, linear, resize) ----
        ["Conv"] = (node, opset) => new Conv(node),
        ["Gemm"] = (node, opset) => new Gemm(node),
        ["MatMul"] = (node, opset) => new MatMul(node),


        // ---- shape and data movement ----


    };

    /// <summary>Op types the engine can run.</summary>
    public static IReadOnlyCollection<string> SupportedOpTypes => Factories.Keys;

    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    /// <summary>Binds a node to its operator; throws <see cref="ModelException"/> for an unknown op type.</summary>
    public static Operator Create(Node node, int opset)
    {
        if (!Factories.TryGetValue(node.OpType, out var factory))
            throw new ModelException($"{node}: operator '{node.OpType}' is not supported.");
        try
        {
            return factory(node, opset);
        }
        catch (ModelException e) when (!e.Message.Contains(node.DisplayName, StringComparison.Ordinal))
        {
            throw new ModelException($"{node}: {e.Message}", e);
        }
    }
}
