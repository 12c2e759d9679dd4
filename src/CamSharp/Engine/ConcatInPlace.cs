using CamSharp.Ops;
using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// A Concat whose inputs are contiguous blocks of its output (nothing but size-1 dims before the
/// axis: a batch-1 channel concat, as in YOLO necks and SqueezeNet's fire modules), with the
/// <see cref="ConcatBlock"/>s whose producer may write straight into the output: the Concat then only
/// copies the other inputs, and the blocks are never written twice.
/// </summary>
internal sealed record ConcatInPlace(int Node, int Output, ConcatBlock[] Blocks)
{
    /// <summary>The operators whose forward writes its output only through <see cref="Tensor.Floats"/>, which a window serves.</summary>
    private static bool WritesThroughSpans(Operator op) =>
        op is Conv or MaxPool or Resize or Upsample or Add or Sub or Mul or Div or Sigmoid or Ops.Relu or Clip or Slice or Split;

    /// <summary>The in-place concatenations of a plan, by node index (null where none).</summary>
    public static ConcatInPlace?[] Find(Graph graph, TensorInfo?[] infos, Tensor?[] constants, int[] steps, bool[] deferred, FusedActivation?[] fusions)
    {
        var result = new ConcatInPlace?[graph.Nodes.Count];
        var outputs = new HashSet<int>(graph.OutputIds);
        var chains = new Dictionary<int, FusedActivation>();
        foreach (var chain in fusions) if (chain is not null) chains[chain.Output] = chain;
        foreach (int n in steps)
        {
            if (graph.Operators[n] is not Concat concat || deferred.Length > n && deferred[n]) continue;
            int y = graph.NodeOutputs[n][0];
            if (y < 0 || infos[y] is not { Type: DataType.Float32 } info || info.Rank == 0) continue;
            int axis = concat.Axis(info.Rank);
            if (ShapeUtil.Size(info.Shape.AsSpan(0, axis)) != 1) continue;
            var ins = graph.NodeInputs[n];
            var blocks = new ConcatBlock[ins.Length];
            int offset = 0, writable = 0;
            for (int k = 0; k < ins.Length; k++)
            {
                int v = ins[k];
                if (v < 0 || infos[v] is not { } vi) { writable = -1; break; }
                bool ok = constants[v] is null && !outputs.Contains(v) && graph.Consumers[v] is [_] && Array.IndexOf(ins, v) == k
                    && Array.LastIndexOf(ins, v) == k && Producible(graph, v, info.Rank, deferred, chains);
                blocks[k] = new ConcatBlock(v, offset, ok);
                offset += ShapeUtil.Size(vi.Shape);
                if (ok) writable++;
            }
            if (writable > 0) result[n] = new ConcatInPlace(n, y, blocks);
        }
        return result;
    }

    /// <summary>The value's producer (and the node its activation fuses into) write it through spans.</summary>
    private static bool Producible(Graph graph, int v, int rank, bool[] deferred, Dictionary<int, FusedActivation> chains)
    {
        int p = graph.Producer[v];
        // Split writes each output on its own (C2f's first half goes straight to the Concat); others have one output.
        if (p < 0 || graph.NodeOutputs[p].Length != 1 && graph.Operators[p] is not Split || deferred.Length > p && deferred[p]) return false;
        if (!WritesThroughSpans(graph.Operators[p])) return false;
        // A Conv of rank 5 runs the 3-D kernels, which index the storage array.
        if (graph.Operators[p] is Conv && rank != 4) return false;
        if (chains.TryGetValue(v, out var chain))
        {
            var producer = graph.Operators[chain.Producer];
            if (!WritesThroughSpans(producer) || producer is Conv && rank != 4) return false;
        }
        return true;
    }
}

/// <summary>Input value <paramref name="Value"/> occupies elements [Offset, Offset + its size) of a Concat's output; its producer may write there when <paramref name="Writable"/>.</summary>
internal readonly record struct ConcatBlock(int Value, int Offset, bool Writable);
