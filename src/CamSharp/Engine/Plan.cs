using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// What running a graph on inputs of one shape takes: every value's type and shape, the
/// values that are constant (initializers and folded subgraphs), and the nodes left to
/// run, in order. Made once per input shape and reused for every input of that shape.
/// </summary>
public sealed class Plan
{
    internal Plan(Graph graph, TensorInfo?[] infos, Tensor?[] constants, int[] steps, int batch, bool batchSafe, string? batchProblem)
    {
        Graph = graph;
        Infos = infos;
        Constants = constants;
        Steps = steps;
        Batch = batch;
        BatchSafe = batchSafe;
        BatchProblem = batchProblem;
        Fusions = ActivationFusion.Find(graph, infos, constants, steps);
    }

    /// <summary>By node index: the Concat whose inputs may be written straight into its output (see <see cref="ConcatInPlace"/>).</summary>
    internal ConcatInPlace?[] Concats => _concats ??= ConcatInPlace.Find(Graph, Infos, Constants, Steps, Deferred, Fusions);

    private ConcatInPlace?[]? _concats;

    /// <summary>By value id: the in-place Concat a writable block belongs to and where the block starts in its output.</summary>
    internal (ConcatInPlace Concat, int Offset)?[] ConcatBlocks => _concatBlocks ??= BlocksByValue();

    private (ConcatInPlace, int)?[]? _concatBlocks;

    private (ConcatInPlace, int)?[] BlocksByValue()
    {
        var result = new (ConcatInPlace, int)?[Graph.ValueCount];
        foreach (var concat in Concats)
            if (concat is not null)
                foreach (var block in concat.Blocks)
                    if (block.Writable) result[block.Value] = (concat, block.Offset);
        return result;
    }

    /// <summary>The Focus stems whose Slices and Concat may run as one pass (see <see cref="FocusFusion"/>).</summary>
    internal FocusStem[] FocusStems => _focusStems ??= FocusFusion.Find(Graph, Infos, Constants, Steps, Deferred);

    private FocusStem[]? _focusStems;

    /// <summary>By node index: the activation chain that may run in that node's epilogue (see <see cref="ActivationFusion"/>).</summary>
    internal FusedActivation?[] Fusions { get; }

    public Graph Graph { get; }

    /// <summary>Type and shape of every value, by value id (null for values no node reaches).</summary>
    internal TensorInfo?[] Infos { get; }

    /// <summary>Plan-time values by value id: initializers and folded results.</summary>
    internal Tensor?[] Constants { get; }

    /// <summary>Node indices left to run, in order.</summary>
    internal int[] Steps { get; }

    /// <summary>By node index: the node's shapes depend on input values, so it infers them when it runs.</summary>
    internal bool[] Deferred { get; init; } = [];

    /// <summary>By value id: the value's shape is only known at run time (<see cref="Infos"/> holds null for it).</summary>
    internal bool[] Dynamic { get; init; } = [];

    /// <summary>True when some node infers its shapes at run time.</summary>
    internal bool HasDeferred { get; init; }

    /// <summary>The caps the plan was checked against; deferred nodes are checked against them when they run.</summary>
    internal ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    /// <summary>The batch size (first dimension of the first input).</summary>
    public int Batch { get; }

    /// <summary>
    /// False when the graph bakes a batch size of 1 into its constants (a Reshape to
    /// [1, ...] for one), so rows of a larger batch would mix. Set only for plans with batch &gt; 1.
    /// </summary>
    public bool BatchSafe { get; }

    /// <summary>Why <see cref="BatchSafe"/> is false: the first value whose shape does not follow the batch.</summary>
    public string? BatchProblem { get; }

    /// <summary>The shape of a value in this plan (a copy: the plan is shared by every later run).</summary>
    public int[] ShapeOf(string value)
    {
        int id = Graph.ValueId(value);
        if (Infos[id] is { } info) return (int[])info.Shape.Clone();
        throw new InputException(Dynamic.Length > id && Dynamic[id]
            ? $"Value '{value}' of {Graph.Source} has a shape that depends on the input's values; it is known only after a run."
            : $"Value '{value}' is not computed by {Graph.Source}.");
    }

    /// <summary>The shape of a value if the plan computes it (a copy, like <see cref="ShapeOf"/>).</summary>
    public int[]? TryShapeOf(string value) => Graph.HasValue(value) ? (int[]?)Infos[Graph.ValueId(value)]?.Shape.Clone() : null;

    /// <summary>
    /// The most bytes of tensors live at once while the plan runs (inputs included, constants
    /// not), as checked against <see cref="ResourceLimits.MemoryBytes"/>. Taps, gradients
    /// and method buffers come on top.
    /// </summary>
    public long PeakBytes { get; internal init; }

    /// <summary>The bytes of the largest value the plan computes.</summary>
    public long LargestTensorBytes { get; internal init; }

    /// <summary>Bytes of the float constants the steps read (weights, mostly), counted once per plan.</summary>
    internal long ConstantFloatBytes => _constantFloatBytes ??= CountConstantFloatBytes();

    private long? _constantFloatBytes;

    private long CountConstantFloatBytes()
    {
        var seen = new HashSet<int>();
        long sum = 0;
        foreach (int n in Steps)
            foreach (int v in Graph.NodeInputs[n])
                if (v >= 0 && Constants[v] is { Type: DataType.Float32 } c && seen.Add(v)) sum += 4L * c.Length;
        return sum;
    }

    /// <summary>Bytes of all float values computed per run, a rough upper bound of activation memory.</summary>
    public long ActivationBytes()
    {
        long sum = 0;
        foreach (int n in Steps)
            foreach (int v in Graph.NodeOutputs[n])
                if (v >= 0 && Infos[v] is { } info) sum += 4L * ShapeUtil.Size(info.Shape);
        return sum;
    }
}
