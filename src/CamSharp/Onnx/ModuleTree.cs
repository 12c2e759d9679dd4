using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// The PyTorch module tree of a model, rebuilt from node scopes (see <see cref="NodeScope"/>),
/// and the resolution of the layer names users type: a module path (<c>layer4</c>,
/// <c>model.9</c>), an exact value name, or an exact node name.
/// </summary>
public sealed class ModuleTree
{
    private readonly Dictionary<string, Module> _byPath = new(StringComparer.Ordinal);
    private readonly List<Module> _topLevel = [];
    private readonly Dictionary<string, Node> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Node> _nodesByName = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphInputs;
    private readonly HashSet<string> _staticValues;

    public ModuleTree(OnnxModel model)
        : this(model.Nodes, model.Outputs.Select(o => o.Name), model.Inputs.Select(i => i.Name), model.Initializers.Keys, model.Source)
    {
    }

    /// <summary>A tree over any node list (graph order), e.g. a graph built in memory.</summary>
    public ModuleTree(IReadOnlyList<Node> nodes, IEnumerable<string> graphOutputs, IEnumerable<string>? graphInputs = null,
        IEnumerable<string>? initializers = null, string source = "model")
    {
        Source = source;
        Nodes = nodes;
        _graphInputs = new HashSet<string>(graphInputs ?? [], StringComparer.Ordinal);
        _staticValues = StaticValues.Find(nodes, initializers ?? []);
        var nodePaths = new IReadOnlyList<string>[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node.Name.Length > 0) _nodesByName.TryAdd(node.Name, node);
            foreach (var o in node.Outputs)
                if (o.Length > 0) _producers.TryAdd(o, node);
            nodePaths[i] = NodeScope.ModulePaths(node);
            Module? parent = null;
            foreach (var path in nodePaths[i])
            {
                parent = GetOrAdd(path, parent);
                parent.AddNode(node, i);
            }
        }
        // Exporters may emit a module's first nodes early (YOLO's head reads the neck's
        // shapes), so siblings are listed in the order they finish, which follows the data.
        var ordered = _topLevel.OrderBy(m => m.LastNodeIndex).ToList();
        _topLevel.Clear();
        _topLevel.AddRange(ordered);
        foreach (var m in _topLevel) m.SortChildren();
        FindOutputs(nodes, nodePaths, new HashSet<string>(graphOutputs, StringComparer.Ordinal));
    }

    /// <summary>The file path or display name of the model, for messages.</summary>
    public string Source { get; }

    /// <summary>Every node in graph order.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Top-level modules in the order they finish in the graph; empty for a model without scopes.</summary>
    public IReadOnlyList<Module> TopLevel => _topLevel;

    /// <summary>Whether any node carries a module scope.</summary>
    public bool HasScopes => _topLevel.Count > 0;

    /// <summary>Every module, depth first, parents before children.</summary>
    public IEnumerable<Module> All => _topLevel.SelectMany(Flatten);

    public Module? Find(string path) => _byPath.GetValueOrDefault(path);

    /// <summary>The node that produces a value, or null for graph inputs, initializers and unknown names.</summary>
    public Node? ProducerOf(string value) => _producers.GetValueOrDefault(value);

    /// <summary>
    /// The float value that a quantizer's output (quantized data, scale or zero point of a
    /// QuantizeLinear or DynamicQuantizeLinear) stands for: the quantizer's input. Other
    /// values stand for themselves. Layers of a quantized model are named by these float
    /// values, the activations a user means.
    /// </summary>
    public string Unquantized(string value)
    {
        while (_producers.TryGetValue(value, out var p) && IsQuantizer(p) && p.Inputs.Length > 0) value = p.Inputs[0];
        return value;
    }

    private static bool IsQuantizer(Node node) => node.OpType is "QuantizeLinear" or "DynamicQuantizeLinear";

    /// <summary>Whether a value depends on the input's data (not a constant or a shape computation).</summary>
    public bool IsActivation(string value) => _graphInputs.Contains(value) || _producers.ContainsKey(value) && !_staticValues.Contains(value);

    /// <summary>
    /// The values a layer name stands for: a module path gives the module's outputs, a value
    /// name itself, a node name the node's outputs, a scope (<c>/layer4/layer4.1/</c>) its
    /// module's outputs. Throws <see cref="InputException"/> naming the closest candidates.
    /// </summary>
    public IReadOnlyList<string> Resolve(string name)
    {
        if (_byPath.TryGetValue(name, out var module)) return ModuleOutputs(module, name);
        if (_graphInputs.Contains(name) || _producers.ContainsKey(name)) return [name];
        if (_nodesByName.TryGetValue(name, out var node)) return node.Outputs.Where(o => o.Length > 0).ToArray();
        if (name.StartsWith('/') && NodeScope.PathOfScope(name) is { } p && _byPath.TryGetValue(p, out module))
            return ModuleOutputs(module, name);
        var closest = LayerNameSuggestions.Closest(name, Candidates(), 5);
        string hint = closest.Count > 0 ? $" Closest: {string.Join(", ", closest)}." : "";
        string folded = LooksFolded(name)
            ? " A module whose nodes were folded away at export (a BatchNorm into the preceding Conv) has no output of its own."
            : "";
        // "Layers": the explainer's option that names layers, which front ends map to their flag.
        throw new InputException($"{Source} has no module, value or node named '{name}'.{hint}{folded}") { Parameter = "Layers" };
    }

    /// <summary>
    /// Whether a missing module path is probably a BatchNorm folded into its Conv at export,
    /// the usual reason a real PyTorch module has no node: its parent exists, or it is named like a norm.
    /// </summary>
    private bool LooksFolded(string name)
    {
        if (!HasScopes || name.Contains('/')) return false;
        int dot = name.LastIndexOf('.');
        return dot > 0 && _byPath.ContainsKey(name[..dot])
            || name.Contains("bn", StringComparison.OrdinalIgnoreCase)
            || name.Contains("norm", StringComparison.OrdinalIgnoreCase);
    }

    private IReadOnlyList<string> ModuleOutputs(Module module, string asked) =>
        module.OutputValues.Count > 0
            ? module.OutputValues
            : throw new InputException($"{Source}: module '{asked}' has no output that depends on the input (only constants or shapes leave it).");

    private IEnumerable<string> Candidates() =>
        All.Select(m => m.Path)
            .Concat(_graphInputs)
            .Concat(Nodes.SelectMany(n => n.Outputs).Where(o => o.Length > 0 && !_staticValues.Contains(o)))
            .Concat(_nodesByName.Keys);

    private Module GetOrAdd(string path, Module? parent)
    {
        if (_byPath.TryGetValue(path, out var m)) return m;
        m = new Module(path, parent);
        _byPath[path] = m;
        if (parent is null) _topLevel.Add(m);
        else parent.AddChild(m);
        return m;
    }

    /// <summary>
    /// A value leaves a module when a node outside it reads it or the graph returns it. Each
    /// value is listed, in graph order, by every module around its producer that it leaves.
    /// </summary>
    private void FindOutputs(IReadOnlyList<Node> nodes, IReadOnlyList<string>[] nodePaths, HashSet<string> graphOutputs)
    {
        var consumerPaths = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            // A node's innermost path stands for all its paths, since paths nest by prefix.
            string innermost = nodePaths[i].Count > 0 ? nodePaths[i][^1] : "";
            // Reading a quantizer's output reads the float value it quantizes.
            foreach (var x in nodes[i].Inputs.Select(Unquantized).Distinct())
                if (x.Length > 0)
                {
                    if (!consumerPaths.TryGetValue(x, out var list)) consumerPaths[x] = list = [];
                    list.Add(innermost);
                }
        }
        for (int i = 0; i < nodes.Count; i++)
        {
            foreach (var value in nodes[i].Outputs)
            {
                if (value.Length == 0 || _staticValues.Contains(value) || IsQuantizer(nodes[i])) continue;
                bool returned = graphOutputs.Contains(value);
                var readers = consumerPaths.GetValueOrDefault(value);
                foreach (var path in nodePaths[i])
                {
                    var module = _byPath[path];
                    if (returned || readers is not null && readers.Exists(r => !module.Contains(r)))
                        module.AddOutput(value);
                }
            }
        }
    }

    private static IEnumerable<Module> Flatten(Module m) => m.Children.SelectMany(Flatten).Prepend(m);
}
