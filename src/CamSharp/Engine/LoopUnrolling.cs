using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Load-time rewrite: a Loop that runs a number of iterations known at load is replaced by copies
/// of its body, one per iteration, with the iteration number as a constant, the loop-carried values
/// threaded from one copy to the next and each scan output stacked by Unsqueeze + Concat along a new
/// first axis (the Loop spec's scan outputs). torch exports a tensor split this way (MViT's pooled
/// attention: trip count 1, condition true, a Slice appended to a sequence), and the copies are
/// ordinary nodes that the planner folds, that may be tapped and that gradients cross, where a Loop
/// (<see cref="Ops.Loop"/>) runs as folded values with no backward.
/// <para>
/// A Loop qualifies when its trip count is a constant of at most <see cref="MaxIterations"/>, its
/// condition is absent or a constant true and then the body's condition output stays true (the
/// body's condition input passed through, or a constant true), its body holds no subgraphs, and
/// the copies stay within <see cref="MaxNodes"/>. Other loops stay loops. Copies are named after
/// the Loop (<c>/blocks.0/attn/pool_k/Loop_iter0_Slice</c>), so they stay in its module scope.
/// </para>
/// </summary>
internal static class LoopUnrolling
{
    /// <summary>
    /// Unrolling is for the short fixed loops exporters write in place of a split or a stack; a
    /// longer loop runs faster as a Loop (planned once per iteration, no nodes kept) than as
    /// thousands of copies that every plan infers and every pass walks.
    /// </summary>
    public const int MaxIterations = 64;

    /// <summary>The most nodes the copies of one loop may add (iterations × body nodes), for the same reason.</summary>
    public const int MaxNodes = 4096;

    /// <summary>The nodes with each qualifying Loop replaced by its unrolled body (the same list when there is none).</summary>
    public static IReadOnlyList<Node> Run(IReadOnlyList<Node> nodes, Dictionary<string, Tensor> initializers, IEnumerable<string> graphValues, int opset)
    {
        int first = 0;
        while (first < nodes.Count && !IsLoop(nodes[first])) first++;
        if (first == nodes.Count) return nodes;
        var constants = new LoadTimeConstants(nodes, initializers);
        RewriteNodes? add = null;
        List<Node>? result = null;
        for (int i = first; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (!IsLoop(node) || WhyNotUnrolled(node, constants) is not null)
            {
                result?.Add(node);
                continue;
            }
            result ??= nodes.Take(i).ToList();
            add ??= new RewriteNodes(new UniqueNames(nodes, initializers.Keys.Concat(graphValues)), opset);
            Unroll(node, constants, initializers, add, result);
        }
        return result ?? nodes;
    }

    public static bool IsLoop(Node node) => node.OpType == "Loop" && node.Domain.Length == 0;

    /// <summary>Why a Loop stays a loop ("its trip count M is not a constant"), or null when it is unrolled.</summary>
    public static string? WhyNotUnrolled(Node loop, LoadTimeConstants constants)
    {
        if (loop.Attributes.GetGraph("body") is not { } body || loop.Inputs.Length < 2) return "it is malformed";
        int carried = loop.Inputs.Length - 2;
        if (body.Inputs.Count != 2 + carried || body.Outputs.Count != 1 + loop.Outputs.Length || loop.Outputs.Length < carried)
            return "its body's inputs and outputs do not match the node's";
        if (loop.Inputs.Skip(2).Any(v => v.Length == 0)) return "a loop-carried input is empty";
        if (constants.Integer(loop.Inputs[0]) is not { } m) return "its trip count M is not a constant";
        if (m > MaxIterations) return $"its trip count M is {m}, more than the {MaxIterations} iterations unrolled";
        if (loop.Inputs[1].Length > 0)
        {
            if (!constants.IsTrue(loop.Inputs[1])) return "its condition is not a constant true";
            if (!ConditionStaysTrue(body, constants)) return "its body's condition output is not a constant true";
        }
        if (body.Nodes.Any(n => n.Attributes.Subgraphs.Any())) return "its body holds subgraphs";
        if (m * body.Nodes.Count > MaxNodes) return $"its {m} copies of {body.Nodes.Count} body nodes exceed the {MaxNodes} nodes unrolled";
        if (m <= 0 && loop.Outputs.Length > carried) return "it runs no iteration, so its empty scan outputs take shapes from a body that never runs";
        return null;
    }

    /// <summary>The body's condition output is its condition input passed through (Identity or not), or a constant true.</summary>
    private static bool ConditionStaysTrue(Subgraph body, LoadTimeConstants outer)
    {
        var inner = new LoadTimeConstants(body.Nodes, body.Initializers, outer);
        string v = body.Outputs[0];
        for (int depth = 0; depth < 8 && v != body.Inputs[1]; depth++)
        {
            if (inner.Producer(v) is not { OpType: "Identity", Inputs.Length: > 0 } identity) break;
            v = identity.Inputs[0];
        }
        return v == body.Inputs[1] || inner.IsTrue(body.Outputs[0]);
    }

    private static void Unroll(Node loop, LoadTimeConstants constants, Dictionary<string, Tensor> initializers, RewriteNodes add, List<Node> into)
    {
        var body = loop.Attributes.GetGraph("body")!;
        long m = Math.Max(0, constants.Integer(loop.Inputs[0])!.Value);
        string prefix = loop.Name.Length > 0 ? loop.Name : "Loop";
        int carriedCount = loop.Inputs.Length - 2, scanCount = loop.Outputs.Length - carriedCount;

        // Body initializers become outer ones, shared by every copy.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, t) in body.Initializers)
        {
            string outer = add.Names.Take($"{prefix}_{name}");
            initializers[outer] = t;
            shared[name] = outer;
        }
        bool readsCondition = Reads(body, body.Inputs[1]), readsIteration = Reads(body, body.Inputs[0]);
        if (readsCondition)
        {
            var condition = add.Constant($"{prefix}_cond", Tensor.FromBools([true]), loop);
            into.Add(condition);
            shared[body.Inputs[1]] = condition.Outputs[0];
        }

        var carried = loop.Inputs[2..];
        var scans = Enumerable.Range(0, scanCount).Select(_ => new List<string>()).ToArray();
        for (long i = 0; i < m; i++)
        {
            var map = new Dictionary<string, string>(shared, StringComparer.Ordinal);
            if (readsIteration)
            {
                var iteration = add.Constant($"{prefix}_iter{i}_iteration_num", Tensor.FromLongs([i]), loop);
                into.Add(iteration);
                map[body.Inputs[0]] = iteration.Outputs[0];
            }
            for (int c = 0; c < carriedCount; c++) map[body.Inputs[2 + c]] = carried[c];
            // The last copy writes the loop's carried outputs under their own names, so readers need no Identity.
            var finalNames = new Dictionary<string, string>(StringComparer.Ordinal);
            if (i == m - 1)
                for (int c = 0; c < carriedCount; c++)
                    if (loop.Outputs[c].Length > 0) finalNames.TryAdd(body.Outputs[1 + c], loop.Outputs[c]);
            foreach (var node in body.Nodes)
            {
                var inputs = node.Inputs.Select(v => Mapped(map, v)).ToArray();
                var outputs = node.Outputs.Select(o => o.Length == 0 ? ""
                    : map[o] = finalNames.Remove(o, out var final) ? final : add.Names.Take($"{o}_iter{i}")).ToArray();
                into.Add(new Node(add.Names.Take($"{prefix}_iter{i}_{LastComponent(node)}"), node.OpType, inputs, outputs, node.Attributes, node.Domain)
                {
                    Metadata = node.Metadata,
                });
            }
            carried = Enumerable.Range(0, carriedCount).Select(c => Mapped(map, body.Outputs[1 + c])).ToArray();
            for (int s = 0; s < scanCount; s++) scans[s].Add(Mapped(map, body.Outputs[1 + carriedCount + s]));
        }

        for (int c = 0; c < carriedCount; c++)
            if (loop.Outputs[c].Length > 0 && carried[c] != loop.Outputs[c])
                into.Add(add.Identity($"{prefix}_carried{c}", carried[c], loop.Outputs[c], loop));
        for (int s = 0; s < scanCount; s++)
        {
            string output = loop.Outputs[carriedCount + s];
            if (output.Length == 0) continue;
            var items = new string[scans[s].Count];
            for (int i = 0; i < items.Length; i++)
            {
                items[i] = add.Names.Take($"{prefix}_scan{s}_iter{i}");
                into.Add(add.AxisOp("Unsqueeze", $"{prefix}_scan{s}_iter{i}_Unsqueeze", scans[s][i], items[i], 0, loop, into));
            }
            into.Add(add.Concat($"{prefix}_scan{s}_Concat", items, output, 0, loop));
        }
    }

    private static string Mapped(Dictionary<string, string> map, string value) =>
        value.Length == 0 ? "" : map.GetValueOrDefault(value, value);

    private static bool Reads(Subgraph body, string value) =>
        body.Outputs.Contains(value) || body.Nodes.Any(n => n.Inputs.Contains(value));

    /// <summary>The body node's own name without its scope ("Slice" of "/blocks.0/attn/pool_k/Slice"), or its op type.</summary>
    private static string LastComponent(Node node)
    {
        if (node.Name.Length == 0) return node.OpType;
        int slash = node.Name.LastIndexOf('/');
        return slash >= 0 && slash < node.Name.Length - 1 ? node.Name[(slash + 1)..] : node.Name;
    }
}
