using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>Finds the operators of a graph that the engine cannot run.</summary>
internal static class OperatorCheck
{
    /// <summary>
    /// Unsupported op types in order of first use. Nodes outside the default domain are
    /// always unsupported: the engine implements the ONNX spec only.
    /// </summary>
    public static List<UnsupportedOperator> Find(IEnumerable<Node> nodes, Func<string, bool> isSupported)
    {
        var found = new Dictionary<(string Domain, string OpType), (int Count, string Example)>();
        var order = new List<(string, string)>();
        foreach (var node in nodes)
        {
            if (node.Domain.Length == 0 && isSupported(node.OpType)) continue;
            var key = (node.Domain, node.OpType);
            if (found.TryGetValue(key, out var seen))
            {
                found[key] = (seen.Count + 1, seen.Example);
                continue;
            }
            found[key] = (1, ExampleName(node));
            order.Add(key);
        }
        return order.Select(k => new UnsupportedOperator(k.Item1, k.Item2, found[k].Count, found[k].Example)).ToList();
    }

    /// <summary>The node's name, else its first output, since quantizers leave names empty.</summary>
    private static string ExampleName(Node node) =>
        node.Name.Length > 0 ? node.Name : node.Outputs.FirstOrDefault(o => o.Length > 0) is { } o ? $"output {o}" : "(unnamed)";
}
