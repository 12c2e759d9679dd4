using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// The result of one forward run: the outputs, the tapped values, and what a later
/// <see cref="Backward(IReadOnlyList{OutputTarget}, BackwardOptions?)"/> or
/// <see cref="RunFrom(string, Tensor)"/> needs. Dispose it to return its buffers.
/// </summary>
public sealed class ForwardPass : IDisposable
{
    private readonly Session _session;
    private readonly Tensor?[] _values;
    private readonly bool[] _owned;
    private readonly IReadOnlyDictionary<string, Tensor> _inputs;
    private readonly bool[] _backwardNodes;
    private readonly bool[] _needsGrad;
    private readonly HashSet<int> _gradientIds;
    private readonly HashSet<int> _rerunIds;
    private readonly bool _precise;
    // Types and shapes of this run: the plan's, plus the run-time shapes of deferred nodes.
    private readonly TensorInfo?[] _infos;

    internal ForwardPass(Session session, Plan plan, IReadOnlyDictionary<string, Tensor> inputs, RunOptions options)
    {
        _session = session;
        Plan = plan;
        _inputs = inputs;
        _precise = options.Precise;
        var graph = plan.Graph;
        _infos = plan.HasDeferred ? (TensorInfo?[])plan.Infos.Clone() : plan.Infos;
        _values = new Tensor?[graph.ValueCount];
        _owned = new bool[graph.ValueCount];
        foreach (var (name, t) in inputs) _values[graph.ValueId(name)] = t;

        var keep = new bool[graph.ValueCount];
        foreach (int v in graph.OutputIds) keep[v] = true;
        foreach (var tap in options.Taps) keep[graph.ValueId(tap)] = true;

        _gradientIds = options.GradientsFor.Select(graph.ValueId).ToHashSet();
        _backwardNodes = new bool[graph.Nodes.Count];
        _needsGrad = new bool[graph.ValueCount];
        if (_gradientIds.Count > 0) MarkBackward(graph, keep, options.KeepForOverride);

        _rerunIds = options.RerunFrom.Select(graph.ValueId).ToHashSet();
        foreach (int r in _rerunIds)
            foreach (int v in SideInputs(graph, r)) keep[v] = true;

        var times = options.Profile ? new List<(Node, double)>() : null;
        Executor.Run(plan, plan.Steps, _values, _owned, keep, _precise, times, options.FuseActivations, _infos, options.WriteConcatsInPlace);
        NodeTimes = times;
        Outputs = graph.OutputIds.Select(v => _values[v] ?? plan.Constants[v]!).ToArray();
    }

    /// <summary>
    /// A pass whose outputs were computed elsewhere (<see cref="PerImageBatch"/>): it owns them and
    /// keeps nothing else, so it has no tapped values, backward or re-runs.
    /// </summary>
    internal ForwardPass(Session session, Plan plan, IReadOnlyDictionary<string, Tensor> inputs, Tensor[] outputs, List<(Node, double)>? times)
    {
        _session = session;
        Plan = plan;
        _inputs = inputs;
        var graph = plan.Graph;
        _infos = plan.Infos;
        _values = new Tensor?[graph.ValueCount];
        _owned = new bool[graph.ValueCount];
        _backwardNodes = new bool[graph.Nodes.Count];
        _needsGrad = new bool[graph.ValueCount];
        _gradientIds = [];
        _rerunIds = [];
        for (int k = 0; k < outputs.Length; k++)
        {
            _values[graph.OutputIds[k]] = outputs[k];
            _owned[graph.OutputIds[k]] = true;
        }
        NodeTimes = times;
        Outputs = outputs;
    }

    public Plan Plan { get; }

    /// <summary>Makes an input tensor the pass's own, freed with it (a copy the session made).</summary>
    internal void Own(string input) => _owned[Plan.Graph.ValueId(input)] = true;

    /// <summary>Wall time of each node run, when <see cref="RunOptions.Profile"/> was set.</summary>
    public IReadOnlyList<(Node Node, double Seconds)>? NodeTimes { get; }

    /// <summary>The graph outputs, in the model's order.</summary>
    public IReadOnlyList<Tensor> Outputs { get; }

    /// <summary>The batch size of this pass.</summary>
    public int Batch => Plan.Batch;

    /// <summary>A graph output by name.</summary>
    public Tensor Output(string name) => Outputs[IndexOfOutput(name)];

    /// <summary>A value that was tapped (or kept for another reason).</summary>
    public Tensor Value(string name)
    {
        int id = Plan.Graph.ValueId(name);
        return _values[id] ?? Plan.Constants[id] ?? throw new InputException($"Value '{name}' was not kept; list it in RunOptions.Taps.");
    }

    /// <summary>
    /// Gradients of Σ_b target_b (one target per batch row) with respect to the values named
    /// in <see cref="RunOptions.GradientsFor"/>. Only nodes between those values and the
    /// outputs are visited.
    /// </summary>
    public Gradients Backward(IReadOnlyList<OutputTarget> targets, BackwardOptions? options = null)
    {
        if (targets.Count != Batch)
            throw new InputException($"{targets.Count} targets were given for a batch of {Batch}; give exactly one per image.");
        var seeds = Outputs.Select(o => Tensor.Zeros(DataType.Float32, o.Shape)).ToArray();
        var scores = new float[Batch];
        for (int b = 0; b < Batch; b++) scores[b] = targets[b].Accumulate(Outputs, b, seeds);
        return Backward(seeds, options, scores);
    }

    /// <summary>Gradients for explicit seed gradients of the outputs (null = zero), which the call takes over.</summary>
    public Gradients Backward(IReadOnlyList<Tensor?> outputSeeds, BackwardOptions? options = null) =>
        Backward(outputSeeds, options, []);

    private Gradients Backward(IReadOnlyList<Tensor?> outputSeeds, BackwardOptions? options, float[] scores)
    {
        var graph = Plan.Graph;
        if (_gradientIds.Count == 0)
            throw new InvalidOperationException("This pass was run without RunOptions.GradientsFor; no gradients were prepared.");
        if (outputSeeds.Count != graph.OutputIds.Length)
            throw new InputException($"{outputSeeds.Count} seed gradients for {graph.OutputIds.Length} outputs.");
        var grads = new Tensor?[graph.ValueCount];
        for (int k = 0; k < outputSeeds.Count; k++)
            if (outputSeeds[k] is { } seed) Accumulate(grads, graph.OutputIds[k], seed);
        Propagate(Plan, _infos, Plan.Steps, _backwardNodes, _values, _needsGrad, _gradientIds, grads, options);

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (int v in _gradientIds)
            result[graph.ValueName(v)] = grads[v] ?? Tensor.Zeros(DataType.Float32, _infos[v]!.Value.Shape);
        return new Gradients(result, scores);
    }

    /// <summary>
    /// Re-runs only the nodes downstream of <paramref name="value"/> with a replacement,
    /// reusing this pass's values for everything else; the result equals a full run with the
    /// value substituted. A replacement with batch N works on a batch-1 pass (cached side
    /// inputs are repeated). Returns new output tensors owned by the caller.
    /// </summary>
    public IReadOnlyList<Tensor> RunFrom(string value, Tensor replacement) => RunFrom([(value, replacement)]);

    /// <summary>
    /// <see cref="RunFrom(string, Tensor)"/> with several values replaced at once (all with the
    /// same batch size); nodes that produce a replaced value do not run. ViT-ReciproCAM replaces
    /// a block's input and its first norm's output together.
    /// </summary>
    public IReadOnlyList<Tensor> RunFrom(IReadOnlyList<(string Value, Tensor Replacement)> replacements)
    {
        var graph = Plan.Graph;
        if (replacements.Count == 0) throw new InputException("RunFrom needs at least one replacement.");
        var ids = new int[replacements.Count];
        var tensors = new Tensor[replacements.Count];
        int rows = replacements[0].Replacement.Shape.Length > 0 ? replacements[0].Replacement.Shape[0] : 0;
        bool allSame = true;
        for (int i = 0; i < ids.Length; i++)
        {
            var (value, replacement) = replacements[i];
            int r = graph.ValueId(value);
            if (!_rerunIds.Contains(r))
                throw new InvalidOperationException($"Value '{value}' was not listed in RunOptions.RerunFrom when this pass ran.");
            var orig = _infos[r]?.Shape ?? throw new InputException($"Value '{value}' was not computed by this pass.");
            var shape = replacement.Shape;
            bool same = ShapeUtil.Equal(orig, shape);
            bool rowsDiffer = orig.Length == shape.Length && orig.Length > 0 && orig[0] == Batch && Batch == 1
                && orig.AsSpan(1).SequenceEqual(shape.AsSpan(1)) && shape[0] == rows;
            if (!same && !rowsDiffer)
                throw new InputException($"Replacement for '{value}' has shape [{ShapeUtil.Format(shape)}]; expected [{ShapeUtil.Format(orig)}] or the same with another batch size.");
            allSame &= same;
            ids[i] = r;
            tensors[i] = replacement;
        }
        if (allSame) return RunFromPlan(Plan, ids, tensors);

        Plan? batched = null;
        try
        {
            var inputs = _inputs.ToDictionary(kv => kv.Key, kv => new TensorInfo(kv.Value.Type, [rows, .. kv.Value.Shape[1..]]));
            batched = _session.GetPlan(inputs);
        }
        catch (InputException)
        {
        }
        if (batched is { BatchSafe: true }) return RunFromPlan(batched, ids, tensors);

        // The model bakes batch 1 into its graph: re-run row by row.
        var perRow = new List<IReadOnlyList<Tensor>>();
        var rowTensors = new List<Tensor>();
        try
        {
            for (int b = 0; b < rows; b++)
            {
                var row = tensors.Select(t => TensorRows.Row(t, b)).ToArray();
                rowTensors.AddRange(row);
                perRow.Add(RunFromPlan(Plan, ids, row));
            }
            return Enumerable.Range(0, graph.OutputIds.Length).Select(k => TensorRows.Concat(perRow.Select(o => o[k]).ToList())).ToArray();
        }
        finally
        {
            foreach (var outs in perRow) foreach (var t in outs) t.Dispose();
            foreach (var t in rowTensors) t.Dispose();
        }
    }

    /// <summary>
    /// Estimated bytes one row of a <see cref="RunFrom(string, Tensor)"/> batch holds at its peak: the
    /// replacement row, the downstream tensors live at once (<see cref="MemoryCheck.Peak"/>) and
    /// the largest of them again for the kernels' scratch.
    /// </summary>
    internal long RunFromBytesPerRow(string value)
    {
        var graph = Plan.Graph;
        int r = graph.ValueId(value);
        var downstream = graph.Downstream([r]);
        var steps = Plan.Steps.Where(n => downstream[n]).ToArray();
        var (peak, largest) = MemoryCheck.Peak(graph, steps, _infos, Unlimited);
        long replacement = ResourceLimits.BytesOf(DataType.Float32, _infos[r]!.Value.Shape);
        return (peak + largest + replacement) / Math.Max(Batch, 1);
    }

    /// <summary>No cap: <see cref="RunFromBytesPerRow"/> only measures.</summary>
    private static readonly ResourceLimits Unlimited = new() { MemoryBytes = long.MaxValue };

    private IReadOnlyList<Tensor> RunFromPlan(Plan plan, int[] rs, Tensor[] replacements)
    {
        var graph = plan.Graph;
        var downstream = graph.Downstream(rs);
        // A replaced value keeps its replacement: the node that would produce it does not run.
        foreach (int r in rs) if (graph.Producer[r] >= 0) downstream[graph.Producer[r]] = false;
        var steps = plan.Steps.Where(n => downstream[n]).ToArray();
        var values = new Tensor?[graph.ValueCount];
        var owned = new bool[graph.ValueCount];
        for (int i = 0; i < rs.Length; i++) values[rs[i]] = replacements[i];
        int rows = plan.Batch;
        try
        {
            foreach (int v in SideInputs(graph, rs))
            {
                if (plan.Constants[v] is not null) continue;
                var cached = _values[v] ?? throw new InvalidOperationException($"Cached value '{graph.ValueName(v)}' is missing.");
                if (rows != Batch && NeedsTiling(plan, v))
                {
                    values[v] = TensorRows.Tile(cached, rows);
                    owned[v] = true;
                }
                else values[v] = cached;
            }
            var keep = new bool[graph.ValueCount];
            foreach (int v in graph.OutputIds) keep[v] = true;
            Executor.Run(plan, steps, values, owned, keep, _precise);

            var result = new Tensor[graph.OutputIds.Length];
            for (int k = 0; k < result.Length; k++)
            {
                int v = graph.OutputIds[k];
                if (owned[v] && values[v] is { } fresh)
                {
                    result[k] = fresh;
                    owned[v] = false;
                    values[v] = null;
                }
                else
                {
                    var old = Outputs[k];
                    result[k] = rows != Batch && NeedsTiling(plan, v) ? TensorRows.Tile(old, rows) : old.Clone();
                }
            }
            return result;
        }
        finally
        {
            for (int v = 0; v < values.Length; v++)
                if (owned[v]) values[v]?.Dispose();
        }
    }

    /// <summary>
    /// The backward sweep shared by <see cref="Backward(IReadOnlyList{OutputTarget}, BackwardOptions?)"/>
    /// and <see cref="GradientAt"/>: visits the marked nodes in reverse, hands each operator its
    /// output gradients, accumulates input gradients, and frees gradients nobody asked for.
    /// </summary>
    private void Propagate(Plan plan, TensorInfo?[] runInfos, IReadOnlyList<int> steps, bool[] nodes, Tensor?[] values, bool[] needsGrad,
        ISet<int> wanted, Tensor?[] grads, BackwardOptions? options)
    {
        var graph = plan.Graph;
        // A Focus stem whose slice outputs nobody asked gradients for scatters its gradient in one pass.
        var stems = options?.Override is null ? FocusFusion.ForBackward(plan, nodes, wanted) : null;
        for (int s = steps.Count - 1; s >= 0; s--)
        {
            int n = steps[s];
            if (!nodes[n]) continue;
            var stem = stems?[n];
            if (stem is not null && stem.Concat != n) continue;
            var outs = graph.NodeOutputs[n];
            var outGrads = outs.Select(v => v >= 0 ? grads[v] : null).ToArray();
            if (outGrads.All(g => g is null)) continue;
            var ins = stem?.Inputs ?? graph.NodeInputs[n];
            var needs = ins.Select(v => v >= 0 && needsGrad[v] && plan.Constants[v] is null).ToArray();
            if (needs.Any(x => x))
            {
                var op = stem?.Operator ?? graph.Operators[n];
                var inputs = ins.Select(v => v >= 0 ? values[v] ?? plan.Constants[v] : null).ToArray();
                var infos = ins.Select(v => v >= 0 ? runInfos[v] : null).ToArray();
                var outputs = outs.Select(v => v >= 0 ? values[v] : null).ToArray();
                var ctx = new BackwardContext(inputs, infos, outputs, outGrads, needs) { Precise = _precise };
                try
                {
                    if (options?.Override?.Invoke(op, ctx) != true) op.Backward(ctx);
                }
                catch (Exception e) when (Executor.IsOperatorFailure(e))
                {
                    throw new ModelException($"{Plan.Graph.Source}: {op.Node}: {Executor.FirstMessage(e)}", e);
                }
                for (int k = 0; k < ins.Length; k++)
                    if (ctx.InputGrads[k] is { } g) Accumulate(grads, ins[k], g);
            }
            foreach (int v in outs)
                if (v >= 0 && !wanted.Contains(v) && grads[v] is { } done)
                {
                    done.Dispose();
                    grads[v] = null;
                }
        }
        // (A sweep that throws leaves the pooled array to the collector.)
        FocusFusion.Return(stems);
    }

    /// <summary>
    /// The gradient of Σ_b target_b with respect to <paramref name="value"/> when the value is
    /// replaced (same shape): only the nodes downstream of it run, forward and backward, reusing
    /// this pass's other values. The value must be listed in <see cref="RunOptions.RerunFrom"/>.
    /// (ShapleyCAM takes its Hessian-vector product from two of these.)
    /// </summary>
    public Tensor GradientAt(string value, Tensor replacement, IReadOnlyList<OutputTarget> targets, BackwardOptions? options = null)
    {
        var graph = Plan.Graph;
        int r = graph.ValueId(value);
        if (!_rerunIds.Contains(r))
            throw new InvalidOperationException($"Value '{value}' was not listed in RunOptions.RerunFrom when this pass ran.");
        var expected = _infos[r]?.Shape ?? throw new InputException($"Value '{value}' was not computed by this pass.");
        if (!ShapeUtil.Equal(replacement.Shape, expected))
            throw new InputException($"Replacement for '{value}' has shape [{ShapeUtil.Format(replacement.Shape)}]; expected [{ShapeUtil.Format(expected)}].");
        if (targets.Count != Batch)
            throw new InputException($"{targets.Count} targets were given for a batch of {Batch}; give exactly one per image.");

        var down = graph.Downstream([r]);
        var up = graph.Upstream(graph.OutputIds);
        var steps = Plan.Steps.Where(n => down[n]).ToArray();
        var values = new Tensor?[graph.ValueCount];
        var owned = new bool[graph.ValueCount];
        values[r] = replacement;
        foreach (int v in SideInputs(graph, r))
            if (Plan.Constants[v] is null) values[v] = _values[v];
        var keep = Enumerable.Repeat(true, graph.ValueCount).ToArray();
        var grads = new Tensor?[graph.ValueCount];
        var runInfos = (TensorInfo?[])_infos.Clone();
        try
        {
            Executor.Run(Plan, steps, values, owned, keep, _precise, infos: runInfos);
            var outputs = graph.OutputIds.Select(v => values[v] ?? _values[v] ?? Plan.Constants[v]!).ToArray();
            var seeds = outputs.Select(o => Tensor.Zeros(DataType.Float32, o.Shape)).ToArray();
            for (int b = 0; b < Batch; b++) targets[b].Accumulate(outputs, b, seeds);
            for (int k = 0; k < seeds.Length; k++) Accumulate(grads, graph.OutputIds[k], seeds[k]);

            var nodes = new bool[graph.Nodes.Count];
            var needsGrad = new bool[graph.ValueCount];
            needsGrad[r] = true;
            foreach (int n in steps)
            {
                nodes[n] = up[n];
                foreach (int v in graph.NodeOutputs[n]) if (v >= 0) needsGrad[v] = true;
            }
            Propagate(Plan, runInfos, steps, nodes, values, needsGrad, new HashSet<int> { r }, grads, options);
            var result = grads[r] ?? Tensor.Zeros(DataType.Float32, replacement.Shape);
            grads[r] = null;
            return result;
        }
        finally
        {
            foreach (var g in grads) g?.Dispose();
            for (int v = 0; v < values.Length; v++)
                if (owned[v]) values[v]?.Dispose();
        }
    }

    private bool NeedsTiling(Plan batched, int v)
    {
        var a = Plan.Infos[v]?.Shape;
        var b = batched.Infos[v]?.Shape;
        return a is { Length: > 0 } && b is { Length: > 0 } && a[0] == Batch && b[0] == batched.Batch;
    }

    /// <summary>Computed values read by the nodes downstream of the values <paramref name="rs"/> but produced elsewhere.</summary>
    private static IEnumerable<int> SideInputs(Graph graph, params int[] rs)
    {
        var downstream = graph.Downstream(rs);
        var result = new HashSet<int>();
        for (int n = 0; n < graph.Nodes.Count; n++)
        {
            if (!downstream[n]) continue;
            foreach (int v in graph.NodeInputs[n])
            {
                if (v < 0 || rs.Contains(v) || graph.Initializers[v] is not null) continue;
                int p = graph.Producer[v];
                if (p >= 0 && downstream[p]) continue;
                result.Add(v);
            }
        }
        foreach (int v in graph.OutputIds)
        {
            int p = graph.Producer[v];
            if (p < 0 || !downstream[p]) result.Add(v);
        }
        return result;
    }

    /// <summary>Marks the nodes between the gradient values and the outputs, and keeps what their backward reads.</summary>
    private void MarkBackward(Graph graph, bool[] keep, bool keepAll)
    {
        var down = graph.Downstream(_gradientIds);
        var up = graph.Upstream(graph.OutputIds);
        foreach (int v in _gradientIds) _needsGrad[v] = true;
        foreach (int n in Plan.Steps)
        {
            if (!down[n] || !up[n]) continue;
            _backwardNodes[n] = true;
            foreach (int v in graph.NodeOutputs[n]) if (v >= 0) _needsGrad[v] = true;
            var needs = keepAll ? BackwardNeeds.Inputs | BackwardNeeds.Outputs : graph.Operators[n].Needs;
            if (needs.HasFlag(BackwardNeeds.Inputs))
                foreach (int v in graph.NodeInputs[n]) if (v >= 0) keep[v] = true;
            if (needs.HasFlag(BackwardNeeds.Outputs))
                foreach (int v in graph.NodeOutputs[n]) if (v >= 0) keep[v] = true;
        }
    }

    private static void Accumulate(Tensor?[] grads, int v, Tensor g)
    {
        if (grads[v] is not { } existing)
        {
            grads[v] = g;
            return;
        }
        System.Numerics.Tensors.TensorPrimitives.Add(existing.Floats, g.Floats, existing.Floats);
        g.Dispose();
    }

    private int IndexOfOutput(string name)
    {
        for (int k = 0; k < Plan.Graph.OutputNames.Count; k++)
            if (Plan.Graph.OutputNames[k] == name) return k;
        throw new InputException($"{Plan.Graph.Source} has no output '{name}'; its outputs are {string.Join(", ", Plan.Graph.OutputNames)}.");
    }

    public void Dispose()
    {
        for (int v = 0; v < _values.Length; v++)
        {
            if (_owned[v]) _values[v]?.Dispose();
            _values[v] = null;
            _owned[v] = false;
        }
    }
}

/// <summary>Gradients of a backward pass by value name, and the target scores per row. Owns its tensors.</summary>
public sealed class Gradients : IDisposable
{
    private readonly Dictionary<string, Tensor> _grads;

    internal Gradients(Dictionary<string, Tensor> grads, float[] scores)
    {
        _grads = grads;
        Scores = scores;
    }

    /// <summary>The target's value for each batch row (empty when explicit seeds were given).</summary>
    public IReadOnlyList<float> Scores { get; }

    public IReadOnlyCollection<string> Names => _grads.Keys;

    /// <summary>The gradient of a value named in <see cref="RunOptions.GradientsFor"/>.</summary>
    public Tensor this[string value] =>
        _grads.TryGetValue(value, out var g) ? g : throw new InputException($"No gradient was prepared for '{value}'.");

    public void Dispose()
    {
        foreach (var g in _grads.Values) g.Dispose();
        _grads.Clear();
    }
}
