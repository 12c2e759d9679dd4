namespace CamSharp.Engine;

/// <summary>
/// One graph node as the engine sees it: ONNX names, op type, attributes. Missing optional
/// inputs are empty strings, as in ONNX.
/// </summary>
public sealed class Node
{
    public Node(string name, string opType, string[] inputs, string[] outputs, Attributes? attributes = null, string domain = "")
    {
        Name = name;
        OpType = opType;
        Inputs = inputs;
        Outputs = outputs;
        Attributes = attributes ?? new Attributes();
        Domain = domain;
    }

    /// <summary>The node name (may be empty in some exports).</summary>
    public string Name { get; }

    public string OpType { get; }

    public string Domain { get; }

    public string[] Inputs { get; }

    public string[] Outputs { get; }

    public Attributes Attributes { get; }

    /// <summary>
    /// Values of the enclosing scope that this node's subgraphs read (If branches): inputs in
    /// all but name, so the graph orders, keeps and frees them as such. Empty for most nodes.
    /// </summary>
    public IReadOnlyList<string> ImplicitInputs => _implicitInputs ??= Subgraph.OuterReads(Attributes.Subgraphs);

    private IReadOnlyList<string>? _implicitInputs;

    /// <summary>The node's <c>metadata_props</c> (where the dynamo exporter keeps module scopes); usually empty.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = NoMetadata;

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    /// <summary>How messages name this node: its name, else its first output.</summary>
    public string DisplayName => Name.Length > 0 ? Name : Outputs.Length > 0 ? $"(unnamed, output '{Outputs[0]}')" : "(unnamed)";

    public override string ToString() => $"Node '{DisplayName}' ({OpType})";
}
