using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// Finds the values that do not depend on the input's data: constants, initializers,
/// shapes, and anything computed only from those (the Shape → Gather → Concat → Reshape
/// chains of exported models). They are bookkeeping, never a layer's output. A node with subgraphs
/// (If, Loop) is static only when the values its subgraphs read are: torch's squeeze-if-needed If in
/// MViT's pooling has a shape test for its condition and the pooled tokens in its branches.
/// </summary>
internal static class StaticValues
{
    private static readonly HashSet<string> ShapeOnly = new(StringComparer.Ordinal) { "Shape", "Size" };

    public static HashSet<string> Find(IReadOnlyList<Node> nodes, IEnumerable<string> initializers)
    {
        var result = new HashSet<string>(initializers, StringComparer.Ordinal);
        foreach (int i in TopologicalOrder(nodes))
        {
            var node = nodes[i];
            bool isStatic = node.Domain.Length == 0 && ShapeOnly.Contains(node.OpType)
                || node.Inputs.Concat(node.ImplicitInputs).All(x => x.Length == 0 || result.Contains(x));
            if (isStatic)
                foreach (var o in node.Outputs)
                    if (o.Length > 0) result.Add(o);
        }
        return result;
    }

    /// <summary>Node indices with producers first (Kahn); nodes on a cycle are left out.</summary>
    private static List<int> TopologicalOrder(IReadOnlyList<Node> nodes)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < nodes.Count; i++)
            foreach (var o in nodes[i].Outputs)
                if (o.Length > 0) producer.TryAdd(o, i);
        var pending = new int[nodes.Count];
        var consumers = new List<int>?[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
            foreach (var x in nodes[i].Inputs.Concat(nodes[i].ImplicitInputs).Distinct())
                if (x.Length > 0 && producer.TryGetValue(x, out int p))
                {
                    pending[i]++;
                    (consumers[p] ??= []).Add(i);
                }
        var order = new List<int>(nodes.Count);
        var ready = new Queue<int>(Enumerable.Range(0, nodes.Count).Where(i => pending[i] == 0));
        while (ready.Count > 0)
        {
            int n = ready.Dequeue();
            order.Add(n);
            foreach (int c in consumers[n] ?? [])
                if (--pending[c] == 0) ready.Enqueue(c);
        }
        return order;
    }
}
