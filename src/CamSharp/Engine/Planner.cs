using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Makes a <see cref="Plan"/>: checks the inputs against the model's declared shapes,
/// infers every shape, folds every node whose inputs are all known at plan time
/// (the Shape → Gather → Concat → Reshape chains of exported models), and checks the
/// memory the run will take against <see cref="ResourceLimits.MemoryBytes"/> before any of
/// it is allocated.
/// </summary>
internal static class Planner
{
    /// <summary>
    /// With <paramref name="problems"/> given, a node whose shapes do not work out is recorded
    /// there and planning goes on (nodes that depend on it are skipped), so load-time
    /// validation lists every broken node at once; the plan is then only good for reading shapes.
    /// </summary>
    /// <para>
    /// <paramref name="knownInputs"/> gives the values of inputs known at plan time (a
    /// subgraph's outer-scope constants), so nodes that read them fold.
    /// </para>
    public static Plan Build(Graph graph, IReadOnlyDictionary<string, TensorInfo> inputs, ResourceLimits limits,
        bool checkBatch = true, List<string>? problems = null, IReadOnlyDictionary<string, Tensor>? knownInputs = null)
    {
        var infos = new TensorInfo?[graph.ValueCount];
        var constants = new Tensor?[graph.ValueCount];
        for (int v = 0; v < graph.ValueCount; v++)
            if (graph.Initializers[v] is { } init)
            {
                constants[v] = init;
                infos[v] = new TensorInfo(init.Type, init.Shape);
            }

        int batch = 1;
        for (int i = 0; i < graph.Inputs.Count; i++)
        {
            var spec = graph.Inputs[i];
            if (!inputs.TryGetValue(spec.Name, out var given))
                throw new InputException($"{graph.Source} needs input '{spec.Name}' ({Describe(spec)}), which was not given.");
            if (!graph.IsSubgraph) CheckInput(graph, spec, given, checkShape: !OnlyTypeRead(graph, graph.InputIds[i]));
            // A first dimension the model fixes above 1 is one of its own axes (torchvision
            // detectors take one [3, H, W] image), not a batch.
            bool fixedAxis = spec.Shape is { Length: > 0 } declared && declared[0] > 1;
            if (i == 0 && given.Rank > 0 && !fixedAxis) batch = given.Shape[0];
            infos[graph.InputIds[i]] = given;
            constants[graph.InputIds[i]] = knownInputs?.GetValueOrDefault(spec.Name);
        }
        foreach (var name in inputs.Keys)
            if (!graph.Inputs.Any(s => s.Name == name))
                throw new InputException($"{graph.Source} has no input named '{name}'; its inputs are {string.Join(", ", graph.Inputs.Select(s => $"'{s.Name}'"))}.");

        var steps = new List<int>();
        // Values whose shape is only known at run time, and the nodes that must infer then.
        var dynamic = new bool[graph.ValueCount];
        var deferred = new bool[graph.Nodes.Count];
        foreach (int n in graph.Order)
        {
            var op = graph.Operators[n];
            var ins = graph.NodeInputs[n];
            var inInfos = new TensorInfo?[ins.Length];
            var inConsts = new Tensor?[ins.Length];
            bool allConstant = true;
            bool upstreamFailed = false;
            bool upstreamDynamic = false;
            for (int k = 0; k < ins.Length; k++)
            {
                if (ins[k] < 0) continue;
                if (dynamic[ins[k]])
                {
                    upstreamDynamic = true;
                    continue;
                }
                inInfos[k] = infos[ins[k]];
                if (inInfos[k] is null)
                {
                    if (problems is not null)
                    {
                        upstreamFailed = true;
                        break;
                    }
                    throw new ModelException($"{graph.Source}: {op.Node} reads '{graph.ValueName(ins[k])}' before it is computed.");
                }
                inConsts[k] = constants[ins[k]];
                allConstant &= inConsts[k] is not null;
            }
            if (upstreamFailed) continue;
            var outs = graph.NodeOutputs[n];
            var ctx = new InferContext(inInfos, inConsts, outs.Length) { Limits = limits };
            try
            {
                if (!upstreamDynamic) Infer(op, ctx);
            }
            catch (DataDependentException)
            {
                upstreamDynamic = true;
            }
            catch (ModelException e) when (problems is not null)
            {
                problems.Add(e.Message);
                continue;
            }
            if (upstreamDynamic || (ctx.DynamicTypes is not null && !allConstant))
            {
                deferred[n] = true;
                foreach (int v in outs) if (v >= 0) dynamic[v] = true;
                steps.Add(n);
                continue;
            }
            if (ctx.DynamicTypes is not null)
            {
                // Every input is known: run it now, as the executor would at run time.
                try
                {
                    var folded = DeferredNode.Run(graph, op, inConsts, outs, infos, limits, precise: false);
                    for (int k = 0; k < outs.Length; k++) if (outs[k] >= 0) constants[outs[k]] = folded[k];
                }
                catch (ModelException e) when (problems is not null)
                {
                    problems.Add(e.Message);
                }
                continue;
            }

            for (int k = 0; k < outs.Length; k++)
            {
                if (outs[k] < 0) continue;
                var info = ctx.Outputs[k] ?? throw new ModelException($"{op.Node}: shape inference left output {k} undefined.");
                MemoryCheck.Tensor(graph, op.Node, graph.ValueName(outs[k]), info, limits);
                infos[outs[k]] = info;
                if (ctx.ConstantOutputs[k] is { } c) constants[outs[k]] = c;
            }

            bool allFolded = outs.All(v => v < 0 || constants[v] is not null);
            if (allFolded) continue;
            if (allConstant && !IsLargeIndexTensor(outs, infos))
            {
                var outputs = Allocate(outs, infos);
                try
                {
                    Executor.Forward(op, inConsts, outputs);
                }
                catch (ModelException e) when (problems is not null)
                {
                    problems.Add(e.Message);
                    foreach (int v in outs) if (v >= 0) infos[v] = null;
                    continue;
                }
                for (int k = 0; k < outs.Length; k++) if (outs[k] >= 0) constants[outs[k]] = outputs[k];
                continue;
            }
            steps.Add(n);
        }

        if (problems is null)
            foreach (int v in graph.OutputIds)
                if (infos[v] is null && !dynamic[v]) throw new ModelException($"{graph.Source}: output '{graph.ValueName(v)}' is not computed.");

        var (peak, largest) = MemoryCheck.Peak(graph, steps, infos, limits);
        string? problem = null;
        if (checkBatch && batch > 1) problem = FindBatchProblem(graph, inputs, infos, steps, batch, limits);
        else if (batch > 1) problem = "the first dimension was not checked as an image batch";
        return new Plan(graph, infos, constants, steps.ToArray(), batch, problem is null, problem)
        {
            PeakBytes = peak,
            LargestTensorBytes = largest,
            Deferred = deferred,
            HasDeferred = deferred.Contains(true),
            Dynamic = dynamic,
            Limits = limits,
        };
    }

    /// <summary>
    /// An int64 result above this size is computed at run time (and freed after its last use) instead of being held
    /// in the plan: the indices of an in-place slice update, which torch exports as Range → Expand → Concat into a
    /// ScatterND, hold one int64 per coordinate of every element updated (315 MB for MViT's first attention at
    /// 16×224×224, with as much again in the Expands and Unsqueezes on the way; holding them all, loading full-size
    /// mvit_v2_s passed 21 GB and was killed, without them it takes 8 GB).
    /// </summary>
    internal const long MaxFoldedIndexBytes = 16L << 20;

    private static bool IsLargeIndexTensor(int[] outs, TensorInfo?[] infos) =>
        outs.Any(v => v >= 0 && infos[v] is { Type: DataType.Int64 } info && info.Shape.Aggregate(8L, (bytes, d) => bytes * d) > MaxFoldedIndexBytes);

    /// <summary>Runs an operator's shape inference; every failure becomes a <see cref="ModelException"/> naming the node.</summary>
    internal static void Infer(Operator op, InferContext ctx)
    {
        try
        {
            op.Infer(ctx);
        }
        catch (DataDependentException)
        {
            throw;
        }
        catch (ModelException e) when (!e.Message.Contains(op.Node.DisplayName, StringComparison.Ordinal))
        {
            throw new ModelException($"{op.Node}: {e.Message}", e);
        }
        catch (Exception e) when (Executor.IsOperatorFailure(e))
        {
            throw new ModelException($"{op.Node}: {Executor.FirstMessage(e)}", e);
        }
    }

    internal static Tensor[] Allocate(int[] outs, TensorInfo?[] infos)
    {
        var outputs = new Tensor[outs.Length];
        Allocate(outs, infos, outputs);
        return outputs;
    }

    /// <summary>Fills <paramref name="outputs"/> (one slot per output) with new pooled tensors.</summary>
    internal static void Allocate(int[] outs, TensorInfo?[] infos, Tensor[] outputs)
    {
        for (int k = 0; k < outs.Length; k++)
        {
            // Unused optional outputs still get a buffer so operators need not special-case them.
            var info = outs[k] >= 0 ? infos[outs[k]]!.Value : new TensorInfo(DataType.Float32, [0]);
            outputs[k] = Tensor.Uninitialized(info.Type, info.Shape);
        }
    }

    /// <summary>
    /// Compares with the batch-1 plan: every computed value must keep its shape with the
    /// first dimension scaled from 1 to the batch, else rows would mix.
    /// </summary>
    private static string? FindBatchProblem(Graph graph, IReadOnlyDictionary<string, TensorInfo> inputs, TensorInfo?[] infos, List<int> steps, int batch, ResourceLimits limits)
    {
        var one = inputs.ToDictionary(kv => kv.Key, kv => kv.Value.Rank > 0 && kv.Value.Shape[0] == batch
            ? new TensorInfo(kv.Value.Type, [1, .. kv.Value.Shape[1..]]) : kv.Value);
        Plan single;
        try
        {
            single = Build(graph, one, limits, checkBatch: false);
        }
        catch (ModelException e)
        {
            return e.Message;
        }
        foreach (int n in steps)
            foreach (int v in graph.NodeOutputs[n])
            {
                if (v < 0) continue;
                var a = single.Infos[v];
                var b = infos[v];
                if (a is null || b is null) continue;
                if (!FollowsBatch(a.Value.Shape, b.Value.Shape, batch))
                    return $"{graph.Nodes[n]} gives '{graph.ValueName(v)}' shape [{ShapeUtil.Format(b.Value.Shape)}] for batch {batch} but [{ShapeUtil.Format(a.Value.Shape)}] for batch 1";
            }
        return null;
    }

    /// <summary>
    /// True when the batch-N shape is the batch-1 shape with exactly one unit dimension
    /// grown to N: the batch axis may move (a Transpose), but a baked-in [1, C, -1] reshape
    /// that folds rows into another axis does not pass.
    /// </summary>
    private static bool FollowsBatch(int[] one, int[] many, int batch)
    {
        if (one.Length != many.Length) return false;
        int differing = 0;
        for (int d = 0; d < one.Length; d++)
        {
            if (one[d] == many[d]) continue;
            if (one[d] != 1 || many[d] != batch) return false;
            differing++;
        }
        return differing == 1;
    }

    /// <summary>
    /// True when no node reads the input's values or shape: it has no consumer, or only
    /// CastLike's 'like', which reads the element type. Its declared shape cannot matter then
    /// (ONNX's own CastLike test data feeds 'like' in another shape than it declares).
    /// </summary>
    private static bool OnlyTypeRead(Graph graph, int value) =>
        graph.Consumers[value].All(n => graph.Nodes[n].OpType == "CastLike" && graph.NodeInputs[n].AsSpan(0, 1).IndexOf(value) < 0);

    private static void CheckInput(Graph graph, GraphInput spec, TensorInfo given, bool checkShape)
    {
        if (given.Type != spec.Type)
            throw new InputException(spec.Type == DataType.Int64 && spec.DeclaredType is { } declared && declared != "INT64"
                ? $"{graph.Source}: input '{spec.Name}' is declared {declared} (integers, held as {spec.Type}), but a {given.Type} tensor was given; this model takes integer data, not normalised floats."
                : $"{graph.Source}: input '{spec.Name}' must be {spec.Type}, got {given.Type}.");
        if (spec.Shape is null || !checkShape) return;
        bool rankOk = spec.Shape.Length == given.Rank;
        bool dimsOk = rankOk;
        // The first dimension is the batch: a model exported with batch 1 still runs row by row.
        for (int d = 1; dimsOk && d < given.Rank; d++)
            dimsOk = spec.Shape[d] < 0 || spec.Shape[d] == given.Shape[d];
        if (!dimsOk)
            throw new InputException($"{graph.Source}: input '{spec.Name}' expects shape {Describe(spec)}, got [{ShapeUtil.Format(given.Shape)}].");
    }

    private static string Describe(GraphInput spec) =>
        spec.Shape is null ? $"{spec.Type}" : "[" + string.Join(", ", spec.Shape.Select(d => d < 0 ? "?" : d.ToString())) + "]";
}
