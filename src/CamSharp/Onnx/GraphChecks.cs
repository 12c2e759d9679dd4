using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// Structural checks of a graph: every value produced once, every node input produced
/// somewhere, every graph output produced, and no cycles. Problems are added to a list so the
/// reader reports them with the rest; a cycle is looked for only in an otherwise sound graph.
/// </summary>
internal static class GraphChecks
{
    public static void Run(IReadOnlyList<Node> nodes, IEnumerable<string> graphInputs,
        IEnumerable<string> initializers, IEnumerable<string> graphOutputs, List<string> problems)
    {
        int before = problems.Count;
        // value -> who produces it, for messages and for the checks below.
        var producer = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in initializers) producer.TryAdd(name, "an initializer");
        foreach (var name in graphInputs) producer.TryAdd(name, "a graph input");
        var producerNode = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
        {
            foreach (var output in nodes[i].Outputs)
            {
                if (output.Length == 0) continue; // an omitted optional output
                if (producer.TryGetValue(output, out var first))
                    problems.Add($"{nodes[i]} produces value '{output}', which {first} already produces");
                else
                {
                    producer[output] = nodes[i].ToString();
                    producerNode[output] = i;
                }
            }
        }
        foreach (var node in nodes)
        {
            foreach (var input in node.Inputs)
                if (input.Length > 0 && !producer.ContainsKey(input))
                    problems.Add($"{node} reads value '{input}', which no node, initializer or graph input produces");
            foreach (var input in node.ImplicitInputs)
                if (!producer.ContainsKey(input))
                    problems.Add($"a subgraph of {node} reads value '{input}', which no node, initializer or graph input produces");
        }
        foreach (var output in graphOutputs)
            if (!producer.ContainsKey(output))
                problems.Add($"graph output '{output}' is produced by no node, initializer or graph input");

        if (problems.Count == before && FindCycle(nodes, producerNode) is { } cycle)
            problems.Add($"the graph has a cycle: {cycle}");
    }

    /// <summary>One cycle, spelled "node A -> 'value' -> node B -> ... -> node A", or null.</summary>
    private static string? FindCycle(IReadOnlyList<Node> nodes, Dictionary<string, int> producerNode)
    {
        // Iterative depth-first search over "node depends on producer of its input".
        var state = new byte[nodes.Count]; // 0 new, 1 on the stack, 2 done
        var via = new string[nodes.Count];  // the input through which we entered the next node
        var stack = new List<(int Node, int NextInput)>();
        for (int start = 0; start < nodes.Count; start++)
        {
            if (state[start] != 0) continue;
            stack.Add((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (n, k) = stack[^1];
                var inputs = nodes[n].Inputs;
                if (k >= inputs.Length)
                {
                    state[n] = 2;
                    stack.RemoveAt(stack.Count - 1);
                    continue;
                }
                stack[^1] = (n, k + 1);
                if (!producerNode.TryGetValue(inputs[k], out int p)) continue;
                via[n] = inputs[k];
                if (state[p] == 1) return Describe(nodes, stack, p, via);
                if (state[p] == 0)
                {
                    state[p] = 1;
                    stack.Add((p, 0));
                }
            }
        }
        return null;
    }

    private static string Describe(IReadOnlyList<Node> nodes, List<(int Node, int NextInput)> stack, int closing, string[] via)
    {
        // stack[i] reads via[stack[i]], produced by stack[i + 1]; the top reads from 'closing'.
        int from = stack.FindIndex(s => s.Node == closing);
        var parts = new List<string> { nodes[closing].ToString() };
        for (int i = stack.Count - 1; i >= from; i--)
        {
            parts.Add($"'{via[stack[i].Node]}'");
            parts.Add(nodes[stack[i].Node].ToString());
        }
        return string.Join(" -> ", parts);
    }
}
