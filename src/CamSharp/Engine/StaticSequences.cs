using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Load-time rewrite: sequence values whose structure is known at load (how many tensors, and
/// which) are resolved into the tensors they hold, so the engine never holds a sequence.
/// SequenceEmpty, SequenceConstruct, SequenceInsert and SequenceErase (no position, or a constant
/// one), SplitToSequence (→ Split, and Squeeze for keepdims=0) and Identity build the list of value
/// names; SequenceAt with a constant position becomes an Identity of the tensor it names,
/// SequenceLength a Constant, ConcatFromSequence a Concat (of Unsqueezes for new_axis=1). This is
/// how torch's tensor split reaches ONNX after <see cref="LoopUnrolling"/> (MViT's pooled attention).
/// <para>
/// All or nothing: when one sequence cannot be resolved (a computed position, a sequence from a
/// loop that stays a loop, a graph input or output, a reader that is no sequence operator), the
/// nodes are returned unchanged with one problem per node, naming it and saying why; its sequence
/// operators are then refused with the unsupported ones.
/// </para>
/// </summary>
internal sealed class StaticSequences
{
    private readonly LoadTimeConstants _constants;
    private readonly Func<string, int[]?> _declaredShape;
    private readonly RewriteNodes _add;
    private readonly Dictionary<string, List<string>> _sequences = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _unresolved = new(StringComparer.Ordinal);
    private readonly List<Node> _result = [];

    private StaticSequences(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers, Func<string, int[]?> declaredShape, RewriteNodes add)
    {
        _constants = new LoadTimeConstants(nodes, initializers);
        _declaredShape = declaredShape;
        _add = add;
    }

    /// <summary>
    /// The nodes with every sequence resolved, or the same list with <paramref name="problems"/> added.
    /// <paramref name="declaredShape"/> gives a value's declared shape (-1 for a dynamic dimension) or null:
    /// SplitToSequence without sizes splits into as many parts as its input's dimension has.
    /// </summary>
    public static IReadOnlyList<Node> Run(IReadOnlyList<Node> nodes, IReadOnlyDictionary<string, Tensor> initializers, IReadOnlyList<string> graphInputs,
        IReadOnlyList<string> graphOutputs, Func<string, int[]?> declaredShape, int opset, List<string> problems)
    {
        if (!UsesSequences(nodes)) return nodes;
        var add = new RewriteNodes(new UniqueNames(nodes, initializers.Keys.Concat(graphInputs).Concat(graphOutputs)), opset);
        var rewrite = new StaticSequences(nodes, initializers, declaredShape, add);
        foreach (var node in nodes) rewrite.Visit(node);
        foreach (var output in graphOutputs)
            if (rewrite._sequences.ContainsKey(output))
                rewrite._problems.Add($"the graph output '{output}' is a sequence; CamSharp gives tensors only");
        if (rewrite._problems.Count == 0) return rewrite._result;
        problems.AddRange(rewrite._problems);
        return nodes;
    }

    /// <summary>The operators that make or read sequences (ONNX's sequence family, SplitToSequence and ConcatFromSequence).</summary>
    public static bool IsSequenceOperator(Node node) => node.Domain.Length == 0
        && (node.OpType.StartsWith("Sequence", StringComparison.Ordinal) || node.OpType is "SplitToSequence" or "ConcatFromSequence");

    /// <summary>Whether a sequence operator occurs, in the graph or in a subgraph; a plain loop over the nodes, as most models have none.</summary>
    private static bool UsesSequences(IReadOnlyList<Node> nodes)
    {
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (IsSequenceOperator(node)) return true;
            if (node.OpType is "If" or "Loop" or "Scan" && node.Attributes.Subgraphs.Any(g => UsesSequences(g.Nodes))) return true;
        }
        return false;
    }

    private void Visit(Node node)
    {
        bool aliases = node.OpType == "Identity" && node.Inputs.Length > 0 && _sequences.ContainsKey(node.Inputs[0]);
        if (node.Domain.Length > 0 || !IsSequenceOperator(node) && !aliases)
        {
            Keep(node);
            return;
        }
        if (node.Outputs.Length == 0 || node.Outputs[0].Length == 0)
        {
            Problem(node, "it has no output");
            return;
        }
        switch (node.OpType)
        {
            case "SequenceEmpty":
                Define(node, []);
                break;
            case "SequenceConstruct":
                if (node.Inputs.Any(v => v.Length == 0 || _sequences.ContainsKey(v))) Problem(node, "its inputs must all be tensors");
                else Define(node, node.Inputs.ToList());
                break;
            case "SequenceInsert":
                Insert(node);
                break;
            case "SequenceErase":
                Erase(node);
                break;
            case "SequenceAt":
                At(node);
                break;
            case "SequenceLength":
                if (Sequence(node) is { } items)
                    _result.Add(new Node(node.Name, "Constant", [], node.Outputs, new Attributes().Set("value", Tensor.FromLongs([items.Count])))
                    {
                        Metadata = node.Metadata,
                    });
                break;
            case "ConcatFromSequence":
                Concat(node);
                break;
            case "SplitToSequence":
                Split(node);
                break;
            case "Identity":
                Define(node, _sequences[node.Inputs[0]]);
                break;
            default:
                Problem(node, "this sequence operator has no static form");
                break;
        }
    }

    /// <summary>A node that is no sequence operator stays, unless it reads a sequence (a Loop carrying one, a subgraph reading one).</summary>
    private void Keep(Node node)
    {
        foreach (var v in node.Inputs.Concat(node.ImplicitInputs))
            if (_sequences.ContainsKey(v))
            {
                string why = LoopUnrolling.IsLoop(node) && LoopUnrolling.WhyNotUnrolled(node, _constants) is { } loopWhy
                    ? $"it stays a loop because {loopWhy}" : "only sequence operators may read one";
                Problem(node, $"it reads the sequence '{v}', and {why}");
                return;
            }
        if (node.Attributes.Subgraphs.SelectMany(g => g.AllNodes()).FirstOrDefault(IsSequenceOperator) is { } inner)
        {
            string why = LoopUnrolling.IsLoop(node) && LoopUnrolling.WhyNotUnrolled(node, _constants) is { } loopWhy
                ? $"it stays a loop because {loopWhy}" : "sequences are resolved in the main graph only";
            Problem(node, $"its subgraph uses {inner} and {why}");
            return;
        }
        _result.Add(node);
    }

    private void Insert(Node node)
    {
        if (Sequence(node) is not { } items) return;
        if (node.Inputs.Length < 2 || node.Inputs[1].Length == 0 || _sequences.ContainsKey(node.Inputs[1]))
        {
            Problem(node, "it inserts no tensor");
            return;
        }
        int at = items.Count;
        if (node.Inputs.Length > 2 && node.Inputs[2].Length > 0)
        {
            if (Position(node, 2, items.Count, items.Count) is not { } p) return;
            at = p;
        }
        Define(node, [.. items[..at], node.Inputs[1], .. items[at..]]);
    }

    private void Erase(Node node)
    {
        if (Sequence(node) is not { } items) return;
        if (items.Count == 0)
        {
            Problem(node, "it erases from an empty sequence");
            return;
        }
        int at = items.Count - 1;
        if (node.Inputs.Length > 1 && node.Inputs[1].Length > 0)
        {
            if (Position(node, 1, items.Count, items.Count - 1) is not { } p) return;
            at = p;
        }
        Define(node, [.. items[..at], .. items[(at + 1)..]]);
    }

    private void At(Node node)
    {
        if (Sequence(node) is not { } items) return;
        if (node.Inputs.Length < 2 || Position(node, 1, items.Count, items.Count - 1) is not { } at) return;
        _result.Add(new Node(node.Name, "Identity", [items[at]], node.Outputs) { Metadata = node.Metadata });
    }

    /// <summary>ConcatFromSequence: a Concat of the items along axis, or of the items each unsqueezed at axis (new_axis=1, a stack).</summary>
    private void Concat(Node node)
    {
        if (Sequence(node) is not { } items) return;
        if (items.Count == 0)
        {
            Problem(node, "its sequence is empty, and Concat needs at least one tensor");
            return;
        }
        if (!node.Attributes.Has("axis"))
        {
            Problem(node, "required attribute 'axis' is missing");
            return;
        }
        long axis = node.Attributes.GetInt("axis");
        var parts = items.ToArray();
        if (node.Attributes.GetInt("new_axis", 0) != 0)
            for (int k = 0; k < parts.Length; k++)
            {
                parts[k] = _add.Names.Take($"{node.Outputs[0]}_item{k}");
                _result.Add(_add.AxisOp("Unsqueeze", $"{node.Name}_Unsqueeze{k}", items[k], parts[k], axis, node, _result));
            }
        _result.Add(new Node(node.Name, "Concat", parts, node.Outputs, new Attributes().Set("axis", axis)) { Metadata = node.Metadata });
    }

    /// <summary>
    /// SplitToSequence: a Split with explicit sizes, from the constant split input, or from the input's declared
    /// dimension along axis (parts of 1, or of a scalar split's size with a smaller last one). Split checks at
    /// run time that the sizes add up to the input's dimension, so a declaration that does not hold stops the run.
    /// </summary>
    private void Split(Node node)
    {
        long axis = node.Attributes.GetInt("axis", 0);
        bool keepDims = node.Attributes.GetInt("keepdims", 1) != 0;
        long[]? sizes = null;
        bool hasSplit = node.Inputs.Length > 1 && node.Inputs[1].Length > 0;
        Tensor? split = hasSplit ? _constants.Get(node.Inputs[1]) : null;
        if (hasSplit && split is null)
        {
            Problem(node, $"its split '{node.Inputs[1]}' is not a constant, so the number of parts is not known at load");
            return;
        }
        if (split is { Rank: 1, Type: DataType.Int64 }) sizes = split.Longs.ToArray();
        else if (split is not null && (split.Rank != 0 || split.Type != DataType.Int64 || split.Longs[0] <= 0))
        {
            Problem(node, "its split must be a positive int64 scalar or an int64 vector");
            return;
        }
        else
        {
            var shape = _declaredShape(node.Inputs[0]);
            long dim = shape is not null && axis >= -shape.Length && axis < shape.Length ? shape[axis < 0 ? axis + shape.Length : axis] : -1;
            if (dim < 0)
            {
                Problem(node, $"the number of parts is the size of '{node.Inputs[0]}' along axis {axis}, which is not declared");
                return;
            }
            long chunk = split?.Longs[0] ?? 1;
            if ((dim + chunk - 1) / chunk > LoopUnrolling.MaxNodes)
            {
                Problem(node, $"it splits '{node.Inputs[0]}' into {(dim + chunk - 1) / chunk} parts, more than the {LoopUnrolling.MaxNodes} resolved at load");
                return;
            }
            sizes = Enumerable.Range(0, (int)((dim + chunk - 1) / chunk)).Select(k => Math.Min(chunk, dim - k * chunk)).ToArray();
        }
        if (sizes.Length == 0 || sizes.Length > LoopUnrolling.MaxNodes)
        {
            Problem(node, $"it splits into {sizes.Length} parts; 1 to {LoopUnrolling.MaxNodes} are resolved at load");
            return;
        }
        bool squeeze = !hasSplit && !keepDims;
        var parts = sizes.Select((_, k) => _add.Names.Take($"{node.Outputs[0]}_part{k}")).ToArray();
        _result.Add(_add.Split(node, node.Inputs[0], parts.ToArray(), sizes, axis, _result));
        if (squeeze)
            for (int k = 0; k < parts.Length; k++)
            {
                string squeezed = _add.Names.Take($"{parts[k]}_squeezed");
                _result.Add(_add.AxisOp("Squeeze", $"{node.Name}_Squeeze{k}", parts[k], squeezed, axis, node, _result));
                parts[k] = squeezed;
            }
        Define(node, parts.ToList());
    }

    /// <summary>The items of the sequence the node reads first, or null with a problem saying where it comes from.</summary>
    private List<string>? Sequence(Node node)
    {
        string v = node.Inputs.Length > 0 ? node.Inputs[0] : "";
        if (_sequences.TryGetValue(v, out var items)) return items;
        if (_unresolved.Contains(v)) return null; // its producer's problem says why
        string origin = _constants.Producer(v) is { } producer
            ? LoopUnrolling.IsLoop(producer) && LoopUnrolling.WhyNotUnrolled(producer, _constants) is { } why
                ? $"comes from {producer}, which stays a loop because {why}"
                : $"comes from {producer}, whose sequence is not known at load"
            : v.Length == 0 ? "is not given" : "is a graph input, whose length is not known at load";
        Problem(node, $"its sequence '{v}' {origin}");
        return null;
    }

    /// <summary>A constant position in [-count, max] made non-negative, or null with a problem.</summary>
    private int? Position(Node node, int input, int count, int max)
    {
        string v = node.Inputs[input];
        if (_constants.Integer(v) is not { } p)
        {
            Problem(node, $"its position '{v}' is not a constant, so the tensor it names is not known at load");
            return null;
        }
        if (p < -count || p > max)
        {
            Problem(node, $"its position {p} is out of range for a sequence of {count} tensor{(count == 1 ? "" : "s")}");
            return null;
        }
        return (int)(p < 0 ? p + count : p);
    }

    private void Define(Node node, List<string> items)
    {
        if (node.Outputs.Length > 0 && node.Outputs[0].Length > 0) _sequences[node.Outputs[0]] = items;
    }

    private void Problem(Node node, string why)
    {
        _problems.Add($"{node} cannot be resolved at load: {why}");
        foreach (var output in node.Outputs) _unresolved.Add(output);
    }
}
