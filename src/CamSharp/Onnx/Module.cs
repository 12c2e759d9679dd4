using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// A PyTorch module as rebuilt from node scopes: <c>layer4.1</c> holds every node named
/// <c>/layer4/layer4.1/...</c>. Its outputs are the values made inside it that something
/// outside it reads (or that the graph returns), in graph order.
/// </summary>
public sealed class Module
{
    private readonly List<Module> _children = [];
    private readonly List<Node> _nodes = [];
    private readonly List<string> _outputs = [];

    internal Module(string path, Module? parent)
    {
        Path = path;
        Parent = parent;
        Name = parent is null ? path : path[(parent.Path.Length + 1)..];
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    /// <summary>The dotted module path users type: <c>layer4.1.relu_1</c>, <c>model.22.cv2.0.0</c>.</summary>
    public string Path { get; }

    /// <summary>The part of the path below the parent: <c>1</c> for <c>layer4.1</c>.</summary>
    public string Name { get; }

    public Module? Parent { get; }

    /// <summary>0 for a top-level module.</summary>
    public int Depth { get; }

    /// <summary>Direct submodules in the order they finish (their last node) in the graph.</summary>
    public IReadOnlyList<Module> Children => _children;

    /// <summary>Every node in this module and its submodules, in graph order.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>Values made inside and read outside (or returned by the graph), in graph order.</summary>
    public IReadOnlyList<string> OutputValues => _outputs;

    internal void AddChild(Module child) => _children.Add(child);

    /// <summary>Graph index of the last node inside, which orders siblings.</summary>
    internal int LastNodeIndex { get; private set; } = -1;

    internal void AddNode(Node node, int index)
    {
        _nodes.Add(node);
        LastNodeIndex = index;
    }

    /// <summary>Orders children (recursively) by completion rather than first appearance.</summary>
    internal void SortChildren()
    {
        var sorted = _children.OrderBy(c => c.LastNodeIndex).ToList();
        _children.Clear();
        _children.AddRange(sorted);
        foreach (var c in _children) c.SortChildren();
    }

    internal void AddOutput(string value) => _outputs.Add(value);

    /// <summary>Whether <paramref name="path"/> is this module or lies inside it.</summary>
    internal bool Contains(string path) =>
        path.StartsWith(Path, StringComparison.Ordinal) && (path.Length == Path.Length || path[Path.Length] == '.');

    public override string ToString() => $"Module '{Path}' ({_nodes.Count} nodes, outputs: {string.Join(", ", _outputs)})";
}
