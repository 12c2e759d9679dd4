using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A graph held by a node attribute (an If branch): its nodes, its own initializers and the
/// names of its outputs. It may read values of the enclosing scopes by name; those are
/// <see cref="OuterReads"/>.
/// </summary>
public sealed class Subgraph
{
    public Subgraph(string name, IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers,
        IReadOnlyList<string> inputs, IReadOnlyList<string> outputs)
    {
        Name = name;
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        ReadsFromOuterScope = FindOuterReads(this);
    }

    public string Name { get; }

    public IReadOnlyList<Node> Nodes { get; }

    public IReadOnlyDictionary<string, Tensor> Initializers { get; }

    /// <summary>Declared formal inputs (If branches have none).</summary>
    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    /// <summary>Names this graph (or a graph nested in it) reads but does not define, in first-read order.</summary>
    public IReadOnlyList<string> ReadsFromOuterScope { get; }

    /// <summary>Every node, with the nodes of nested subgraphs after their owner.</summary>
    public IEnumerable<Node> AllNodes() => Flatten(Nodes);

    /// <summary>Nodes and, recursively, the nodes of their subgraphs.</summary>
    public static IEnumerable<Node> Flatten(IEnumerable<Node> nodes)
    {
        foreach (var node in nodes)
        {
            yield return node;
            foreach (var g in node.Attributes.Subgraphs)
                foreach (var inner in g.AllNodes()) yield return inner;
        }
    }

    /// <summary>The names the given graphs read from outside themselves, each once.</summary>
    internal static IReadOnlyList<string> OuterReads(IEnumerable<Subgraph> graphs)
    {
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var g in graphs)
            foreach (var v in g.ReadsFromOuterScope)
                if (seen.Add(v)) result.Add(v);
        return result;
    }

    private static List<string> FindOuterReads(Subgraph g)
    {
        var result = new List<string>();
        var defined = new HashSet<string>(g.Initializers.Keys.Concat(g.Inputs), StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in g.Nodes)
        {
            foreach (var v in node.Inputs.Concat(node.ImplicitInputs))
                if (v.Length > 0 && !defined.Contains(v) && seen.Add(v)) result.Add(v);
            foreach (var v in node.Outputs) if (v.Length > 0) defined.Add(v);
        }
        foreach (var v in g.Outputs)
            if (!defined.Contains(v) && seen.Add(v)) result.Add(v);
        return result;
    }
}
