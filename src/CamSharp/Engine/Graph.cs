using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>A graph input as declared by the model: -1 marks a dynamic dimension, a null shape an unknown rank.</summary>
public sealed record GraphInput(string Name, DataType Type, int[]? Shape)
{
    /// <summary>The element type the file declares ("UINT8"), for messages; the engine widens it to <see cref="Type"/>.</summary>
    public string? DeclaredType { get; init; }
}

/// <summary>
/// The model's computation as the engine runs it: nodes bound to operators, values
/// numbered, a topological order, producers and consumers. Immutable and shared by every
/// plan and pass.
/// </summary>
public sealed class Graph
{
    private readonly Dictionary<string, int> _valueIds = new(StringComparer.Ordinal);
    private readonly List<string> _valueNames = [];

    public Graph(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers,
        IReadOnlyList<GraphInput> inputs, IReadOnlyList<string> outputs, int opset, string source = "model",
        OperatorFactory? operators = null)
    {
        Source = source;
        Opset = opset;
        Nodes = nodes;
        Inputs = inputs;
        OutputNames = outputs;
        Operators = new Operator[nodes.Count];
        var create = operators ?? OperatorRegistry.Create;
        // Operators read and check their attributes when made; collect every bad node at once.
        var problems = new List<ModelException>();
        for (int i = 0; i < nodes.Count; i++)
        {
            try
            {
                Operators[i] = create(nodes[i], opset);
            }
            catch (ModelException e)
            {
                problems.Add(e);
            }
        }
        if (problems.Count == 1) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(problems[0]);
        if (problems.Count > 1) throw new ModelValidationException(source, problems.Select(e => e.Message).ToList());

        foreach (var name in initializers.Keys) Id(name);
        foreach (var input in inputs) Id(input.Name);
        NodeInputs = new int[nodes.Count][];
        NodeOutputs = new int[nodes.Count][];
        for (int n = 0; n < nodes.Count; n++)
        {
            // Values a node's subgraphs read from this scope count as its inputs (ordering, freeing).
            NodeInputs[n] = nodes[n].Inputs.Concat(nodes[n].ImplicitInputs).Select(v => v.Length == 0 ? -1 : Id(v)).ToArray();
            NodeOutputs[n] = nodes[n].Outputs.Select(v => v.Length == 0 ? -1 : Id(v)).ToArray();
        }
        OutputIds = outputs.Select(Id).ToArray();
        InputIds = inputs.Select(i => _valueIds[i.Name]).ToArray();

        Initializers = new Tensor?[ValueCount];
        foreach (var (name, t) in initializers) Initializers[_valueIds[name]] = t;

        Producer = Enumerable.Repeat(-1, ValueCount).ToArray();
        var consumers = Enumerable.Range(0, ValueCount).Select(_ => new List<int>()).ToArray();
        for (int n = 0; n < nodes.Count; n++)
        {
            foreach (int v in NodeOutputs[n])
            {
                if (v < 0) continue;
                if (Producer[v] >= 0)
                    throw new ModelException($"{source}: value '{_valueNames[v]}' is produced by both {nodes[Producer[v]]} and {nodes[n]}.");
                Producer[v] = n;
            }
            foreach (int v in NodeInputs[n].Where(v => v >= 0).Distinct()) consumers[v].Add(n);
        }
        Consumers = consumers.Select(c => c.ToArray()).ToArray();
        CheckInputsAreDefined();
        Order = TopologicalOrder();
    }

    public string Source { get; }

    /// <summary>
    /// A branch of a control-flow node: its inputs are the outer-scope values it reads, whose
    /// types and shapes the outer plan decides, so they are not checked against declarations.
    /// </summary>
    internal bool IsSubgraph { get; init; }

    public int Opset { get; }

    public IReadOnlyList<Node> Nodes { get; }

    public IReadOnlyList<GraphInput> Inputs { get; }

    public IReadOnlyList<string> OutputNames { get; }

    public int ValueCount => _valueNames.Count;

    internal Operator[] Operators { get; }

    internal int[][] NodeInputs { get; }

    internal int[][] NodeOutputs { get; }

    internal int[] InputIds { get; }

    internal int[] OutputIds { get; }

    /// <summary>Initializer values by value id (null for computed values).</summary>
    internal Tensor?[] Initializers { get; }

    /// <summary>Producing node of each value, -1 for inputs and initializers.</summary>
    internal int[] Producer { get; }

    /// <summary>Consuming nodes of each value.</summary>
    internal int[][] Consumers { get; }

    /// <summary>Node indices in a topological order.</summary>
    internal int[] Order { get; }

    public string ValueName(int id) => _valueNames[id];

    public bool HasValue(string name) => _valueIds.ContainsKey(name);

    public IEnumerable<string> ValueNames => _valueNames;

    /// <summary>The id of a value, with an error that names the model when it does not exist.</summary>
    public int ValueId(string name) =>
        _valueIds.TryGetValue(name, out int id) ? id : throw new InputException($"{Source} has no value named '{name}'.");

    /// <summary>Nodes reachable downstream of the given values (they consume them, directly or not).</summary>
    internal bool[] Downstream(IEnumerable<int> values)
    {
        var mark = new bool[Nodes.Count];
        var stack = new Stack<int>(values);
        var seen = new bool[ValueCount];
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (seen[v]) continue;
            seen[v] = true;
            foreach (int n in Consumers[v])
            {
                if (mark[n]) continue;
                mark[n] = true;
                foreach (int o in NodeOutputs[n]) if (o >= 0) stack.Push(o);
            }
        }
        return mark;
    }

    /// <summary>Nodes the given values depend on.</summary>
    internal bool[] Upstream(IEnumerable<int> values)
    {
        var mark = new bool[Nodes.Count];
        var stack = new Stack<int>(values);
        var seen = new bool[ValueCount];
        while (stack.Count > 0)
        {
            int v = stack.Pop();
            if (seen[v]) continue;
            seen[v] = true;
            int n = Producer[v];
            if (n < 0 || mark[n]) continue;
            mark[n] = true;
            foreach (int i in NodeInputs[n]) if (i >= 0) stack.Push(i);
        }
        return mark;
    }

    private int Id(string name)
    {
        if (_valueIds.TryGetValue(name, out int id)) return id;
        id = _valueNames.Count;
        _valueIds[name] = id;
        _valueNames.Add(name);
        return id;
    }

    private void CheckInputsAreDefined()
    {
        for (int n = 0; n < Nodes.Count; n++)
            foreach (int v in NodeInputs[n])
                if (v >= 0 && Producer[v] < 0 && Initializers[v] is null && !InputIds.Contains(v))
                    throw new ModelException($"{Source}: {Nodes[n]} reads '{_valueNames[v]}', which no node, initializer or graph input provides.");
        foreach (int v in OutputIds)
            if (Producer[v] < 0 && Initializers[v] is null && !InputIds.Contains(v))
                throw new ModelException($"{Source}: graph output '{_valueNames[v]}' is never produced.");
    }

    private int[] TopologicalOrder()
    {
        var pending = new int[Nodes.Count];
        for (int n = 0; n < Nodes.Count; n++)
            pending[n] = NodeInputs[n].Where(v => v >= 0 && Producer[v] >= 0).Distinct().Count();
        // Keep file order among ready nodes: exporters write a sensible order and messages read better.
        var ready = new PriorityQueue<int, int>();
        for (int n = 0; n < Nodes.Count; n++) if (pending[n] == 0) ready.Enqueue(n, n);
        var order = new List<int>(Nodes.Count);
        while (ready.TryDequeue(out int n, out _))
        {
            order.Add(n);
            foreach (int v in NodeOutputs[n])
            {
                if (v < 0) continue;
                foreach (int c in Consumers[v])
                    if (--pending[c] == 0) ready.Enqueue(c, c);
            }
        }
        if (order.Count != Nodes.Count)
        {
            var stuck = Enumerable.Range(0, Nodes.Count).Where(n => pending[n] > 0).Take(3).Select(n => Nodes[n].ToString());
            throw new ModelException($"{Source}: the graph has a cycle through {string.Join(", ", stuck)}.");
        }
        return order.ToArray();
    }
}
