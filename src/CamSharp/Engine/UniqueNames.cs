namespace CamSharp.Engine;

/// <summary>
/// Hands out value and node names that a graph does not use yet, for nodes a load-time rewrite
/// adds: the wanted name when it is free, else the name with the first free <c>_2</c>, <c>_3</c> ...
/// suffix. Names in subgraphs count as used, since a subgraph reads outer values by name.
/// </summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public UniqueNames(IEnumerable<Node> nodes, IEnumerable<string> otherValues)
    {
        foreach (var v in otherValues) _used.Add(v);
        foreach (var node in Subgraph.Flatten(nodes))
        {
            _used.Add(node.Name);
            foreach (var v in node.Inputs) _used.Add(v);
            foreach (var v in node.Outputs) _used.Add(v);
        }
        foreach (var node in nodes)
            foreach (var g in node.Attributes.Subgraphs)
                Reserve(g);
    }

    /// <summary>A free name based on <paramref name="wanted"/>, now taken.</summary>
    public string Take(string wanted)
    {
        if (_used.Add(wanted)) return wanted;
        for (int k = 2; ; k++)
            if (_used.Add($"{wanted}_{k}")) return $"{wanted}_{k}";
    }

    private void Reserve(Subgraph g)
    {
        foreach (var v in g.Inputs.Concat(g.Outputs).Concat(g.Initializers.Keys)) _used.Add(v);
        foreach (var node in g.Nodes)
            foreach (var inner in node.Attributes.Subgraphs)
                Reserve(inner);
    }
}
