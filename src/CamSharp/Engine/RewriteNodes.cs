using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// The small nodes load-time rewrites add (Constant, Identity, Unsqueeze, Squeeze, Split, Concat),
/// spelled for the graph's opset (axes and split sizes are inputs from opset 13, attributes
/// before) and named through one <see cref="UniqueNames"/>, so nothing added collides with the file.
/// </summary>
internal sealed class RewriteNodes(UniqueNames names, int opset)
{
    public UniqueNames Names => names;

    /// <summary>A Constant node (in the scope of <paramref name="scopeOf"/>) whose output (a fresh value named after it) holds <paramref name="value"/>.</summary>
    public Node Constant(string name, Tensor value, Node scopeOf)
    {
        string nodeName = names.Take(name);
        return new Node(nodeName, "Constant", [], [names.Take($"{nodeName}_output_0")], new Attributes().Set("value", value))
        {
            Metadata = scopeOf.Metadata,
        };
    }

    public Node Identity(string name, string input, string output, Node scopeOf) =>
        new(names.Take(name), "Identity", [input], [output]) { Metadata = scopeOf.Metadata };

    public Node Concat(string name, string[] inputs, string output, long axis, Node scopeOf) =>
        new(names.Take(name), "Concat", inputs, [output], new Attributes().Set("axis", axis)) { Metadata = scopeOf.Metadata };

    /// <summary>Unsqueeze (or Squeeze) of one axis; from opset 13 the axes are a Constant node, added to <paramref name="into"/> first.</summary>
    public Node AxisOp(string opType, string name, string input, string output, long axis, Node scopeOf, List<Node> into)
    {
        string nodeName = names.Take(name);
        if (opset < 13)
            return new Node(nodeName, opType, [input], [output], new Attributes().Set("axes", new[] { axis })) { Metadata = scopeOf.Metadata };
        var axes = Constant($"{nodeName}_axes", Tensor.Vector(axis), scopeOf);
        into.Add(axes);
        return new Node(nodeName, opType, [input, axes.Outputs[0]], [output]) { Metadata = scopeOf.Metadata };
    }

    /// <summary>
    /// A Split into parts of the given sizes that takes the place of <paramref name="replaced"/> (its name and scope);
    /// from opset 13 the sizes are a Constant node, added to <paramref name="into"/> first.
    /// </summary>
    public Node Split(Node replaced, string input, string[] outputs, long[] sizes, long axis, List<Node> into)
    {
        var attributes = new Attributes().Set("axis", axis);
        if (opset < 13)
            return new Node(replaced.Name, "Split", [input], outputs, attributes.Set("split", sizes)) { Metadata = replaced.Metadata };
        var split = Constant($"{replaced.Name}_split", Tensor.Vector(sizes), replaced);
        into.Add(split);
        return new Node(replaced.Name, "Split", [input, split.Outputs[0]], outputs, attributes) { Metadata = replaced.Metadata };
    }
}
