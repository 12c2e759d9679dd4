using System.Runtime.CompilerServices;
using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// A classifier's scores before its softmax. OpenVINO XAI's ReciproCAM reads the logits, not the
/// probabilities (<c>get_logit_node(search_softmax=True)</c>): on a graph whose output is written
/// by a Softmax, the copies' scores are the Softmax's input. The Softmax is found by the graph
/// (the node that writes an output, through Identity nodes), never by its name.
/// </summary>
internal static class LogitOutputs
{
    private sealed record View(Session? Session);

    private static readonly ConditionalWeakTable<Model, View> Views = new();

    /// <summary>
    /// The graph's output names with each one a Softmax writes replaced by that Softmax's input;
    /// null when no output comes from a Softmax.
    /// </summary>
    public static string[]? Find(Graph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var names = graph.OutputNames.ToArray();
        bool any = false;
        for (int k = 0; k < names.Length; k++)
        {
            int producer = graph.Producer[graph.ValueId(names[k])];
            while (producer >= 0 && graph.Nodes[producer].OpType == "Identity")
                producer = graph.Producer[graph.ValueId(graph.Nodes[producer].Inputs[0])];
            if (producer < 0 || graph.Nodes[producer].OpType != "Softmax") continue;
            names[k] = graph.Nodes[producer].Inputs[0];
            any = true;
        }
        return any ? names : null;
    }

    /// <summary>
    /// A session on <paramref name="model"/>'s graph whose outputs are the logits (made once per
    /// model), or null when the model's outputs come from no Softmax and its own session serves.
    /// </summary>
    public static Session? SessionFor(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Views.GetValue(model, m => new View(Find(m.Graph) is { } outputs ? new Session(WithOutputs(m.Graph, outputs), m.Limits) : null)).Session;
    }

    /// <summary>The same nodes, weights and inputs with other outputs.</summary>
    private static Graph WithOutputs(Graph graph, IReadOnlyList<string> outputs)
    {
        var initializers = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int v = 0; v < graph.ValueCount; v++)
            if (graph.Initializers[v] is { } t) initializers[graph.ValueName(v)] = t;
        return new Graph(graph.Nodes, initializers, graph.Inputs, outputs, graph.Opset, graph.Source);
    }
}
