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


        // ---- shape and data movement ----
        ["Concat"] = (node, _) => new Concat(node),
        ["Constant"] = (node, _) => new Constant(node),
        ["ConstantOfShape"] = (node, _) => new ConstantOfShape(node),
        ["Expand"] = (node, _) => new Expand(node),
        ["Flatten"] = (node, _) => new Flatten(node),
        ["Gather"] = (node, _) => new Gather(node),
        ["GatherElements"] = (node, _) => new GatherElements(node),
        ["Range"] = (node, _) => new Range(node),
        ["Reshape"] = (node, opset) => new Reshape(node, opset),
        ["Shape"] = (node, opset) => new Shape(node, opset),
        ["Size"] = (node, _) => new Size(node),
        ["Slice"] = (node, opset) => new Slice(node, opset),
        ["Split"] = (node, opset) => new Split(node, opset),
        ["Squeeze"] = (node, opset) => new Squeeze(node, opset),
        ["Tile"] = (node, _) => new Tile(node),
        ["Transpose"] = (node, _) => new Transpose(node),
        ["Unsqueeze"] = (node, opset) => new Unsqueeze(node, opset),


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
