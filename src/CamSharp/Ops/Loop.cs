using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Loop (opsets 1–21, tensor values): runs <c>body</c> while the iteration count is below the
/// trip count M and the condition holds (either may be absent, not both). The body takes
/// (iteration_num, cond_in, carried...) and gives (cond_out, carried..., scan outputs...); the node
/// gives the carried values after the last iteration, then each scan output stacked along a new
/// first axis. The body reads values of the enclosing scope by name (<see cref="Node.ImplicitInputs"/>,
/// inputs after the explicit ones).
/// <para>
/// A carried value may change shape from one iteration to the next (torchvision's mask pasting
/// grows one by a mask each time), so every iteration is planned afresh and folded, as If runs a
/// branch: the node runs when every value it reads is known, at plan time when they are constants,
/// else deferred to run time. No gradient passes: the loops exporters write decode detections
/// (masks, keypoints) after NMS, which no gradient crosses either. Short loops of a constant trip
/// count never get here: <see cref="LoopUnrolling"/> copies their bodies into the graph at load.
/// </para>
/// </summary>
internal sealed class Loop : Operator
{
    /// <summary>
    /// Beyond this a loop is taken for a runaway (a condition that never turns false, a trip count
    /// no vision model needs), not a model: each iteration is planned, about 10 µs even for a tiny
    /// body, so 2^20 iterations take seconds where 2^24 took a minute.
    /// </summary>
    internal const long MaxIterations = 1 << 20;

    private readonly Graph _body;
    private readonly int _carried, _scans;
    private readonly bool _hasTripCount, _hasCondition;

    public Loop(Node node, int opset) : base(node)
    {
        var g = node.Attributes.GetGraph("body") ?? throw Error("required attribute 'body' is missing.");
        if (node.Inputs.Length < 2)
            throw Error($"the node has {node.Inputs.Length} inputs; Loop takes M and cond (either may be empty) before its loop-carried values.");
        _carried = node.Inputs.Length - 2;
        _scans = node.Outputs.Length - _carried;
        if (_scans < 0)
            throw Error($"the node has {_carried} loop-carried inputs but only {node.Outputs.Length} outputs; each carried value needs an output.");
        if (g.Inputs.Count != 2 + _carried)
            throw Error($"the body declares {g.Inputs.Count} inputs; with {_carried} loop-carried values it takes {2 + _carried} (iteration_num, cond, then the carried values).");
        if (g.Outputs.Count != 1 + _carried + _scans)
            throw Error($"the body gives {g.Outputs.Count} outputs; the node's {node.Outputs.Length} outputs need {1 + _carried + _scans} (cond, {_carried} carried, {_scans} scan).");
        _hasTripCount = node.Inputs[0].Length > 0;
        _hasCondition = node.Inputs[1].Length > 0;
        if (!_hasTripCount && !_hasCondition)
            throw Error("neither the trip count M nor the condition is given, so the loop would never end.");
        // Types and shapes come from the values each iteration is given, not from declarations.
        var inputs = g.Inputs.Concat(g.ReadsFromOuterScope).Select(n => new GraphInput(n, DataType.Float32, null)).ToArray();
        _body = new Graph(g.Nodes, g.Initializers, inputs, g.Outputs, opset, $"{Node} body") { IsSubgraph = true };
    }

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        for (int k = 0; k < ctx.InputCount; k++)
            if (ctx.HasInput(k) && ctx.Constant(k) is null)
                throw new DataDependentException("the loop runs once every value it reads is known, and some depend on the image data.");
        var outputs = Run(ctx.Constant, ctx.Limits);
        for (int j = 0; j < outputs.Length; j++) ctx.SetConstantOutput(j, outputs[j]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var outputs = Run(ctx.OptionalInput, ResourceLimits.Default);
        for (int j = 0; j < outputs.Length; j++)
        {
            var y = ctx.Output(j);
            if (!ShapeUtil.Equal(y.Shape, outputs[j].Shape) || y.Type != outputs[j].Type)
                throw Error($"the loop gives output {j} as {outputs[j].Type}[{ShapeUtil.Format(outputs[j].Shape)}], planned {y.Type}[{ShapeUtil.Format(y.Shape)}].");
            TensorRows.CopyValues(outputs[j], 0, y, 0, y.Length);
        }
    }

    public override void Backward(BackwardContext ctx) =>
        throw Error("gradients cannot flow through a Loop: its body runs as folded values with nothing recorded to differentiate. " +
            "Explain values upstream of it, or use a method that needs no gradients.");

    /// <summary>The node's outputs from its inputs (by index, explicit then outer-scope); every one read must be known.</summary>
    private Tensor[] Run(Func<int, Tensor?> input, ResourceLimits limits)
    {
        long tripCount = _hasTripCount ? TripCount(input(0) ?? throw Error("the trip count M is not known.")) : long.MaxValue;
        if (_hasTripCount && tripCount > MaxIterations && !_hasCondition)
            throw Error($"the trip count M is {tripCount}, more than the {MaxIterations} iterations a loop may run");
        bool go = !_hasCondition || IsTrue(input(1) ?? throw Error("the condition is not known."), "the condition input");
        var carried = new Tensor[_carried];
        for (int c = 0; c < _carried; c++)
            carried[c] = input(2 + c) ?? throw Error($"loop-carried input {c} ('{Node.Inputs[2 + c]}') is not given.");
        var outer = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int i = 0; i < Node.ImplicitInputs.Count; i++)
            outer[Node.ImplicitInputs[i]] = input(Node.Inputs.Length + i) ?? throw Error($"the body reads '{Node.ImplicitInputs[i]}', which is not known.");

        var scans = Enumerable.Range(0, _scans).Select(_ => new List<Tensor>()).ToArray();
        long scanBytes = 0;
        for (long i = 0; i < tripCount && go; i++)
        {
            if (i >= MaxIterations) throw Error($"the loop ran {MaxIterations} iterations without its condition turning false.");
            var plan = PlanIteration(i, go, carried, outer, limits);
            if (_hasCondition) go = IsTrue(BodyOutput(plan, 0), "the body's condition output");
            for (int c = 0; c < _carried; c++) carried[c] = BodyOutput(plan, 1 + c);
            for (int s = 0; s < _scans; s++)
            {
                var item = BodyOutput(plan, 1 + _carried + s);
                // The stacked scan outputs are held until the loop ends: they must fit the budget together.
                scanBytes += ResourceLimits.BytesOf(item.Type, item.Shape);
                if (scanBytes > limits.MemoryBytes)
                    throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), scanBytes, limits.MemoryBytes,
                        $"{Node}: the loop's scan outputs reach {ResourceLimits.FormatBytes(scanBytes)} after {i + 1} iterations, over the memory budget of {ResourceLimits.FormatBytes(limits.MemoryBytes)}.");
                scans[s].Add(item);
            }
        }

        var result = new Tensor[_carried + _scans];
        carried.CopyTo(result, 0);
        for (int s = 0; s < _scans; s++)
            result[_carried + s] = scans[s].Count > 0 ? Stack(scans[s], s) : EmptyScan(s, carried, outer);
        return result;
    }

    /// <summary>Plans one iteration with every body input known, so every body node folds.</summary>
    private Engine.Plan PlanIteration(long iteration, bool condition, Tensor[] carried, Dictionary<string, Tensor> outer, ResourceLimits limits)
    {
        var values = new Dictionary<string, Tensor>(outer, StringComparer.Ordinal)
        {
            [_body.Inputs[0].Name] = Tensor.FromLongs([iteration]),
            [_body.Inputs[1].Name] = Tensor.FromBools([condition]),
        };
        for (int c = 0; c < _carried; c++) values[_body.Inputs[2 + c].Name] = carried[c];
        var infos = values.ToDictionary(v => v.Key, v => new TensorInfo(v.Value.Type, v.Value.Shape), StringComparer.Ordinal);
        return Planner.Build(_body, infos, limits, checkBatch: false, knownInputs: values);
    }

    private Tensor BodyOutput(Engine.Plan plan, int j) =>
        plan.Constants[_body.OutputIds[j]] ?? throw Error($"body output {j} ('{_body.OutputNames[j]}') was not computed.");

    /// <summary>One scan output's values of every iteration, stacked along a new first axis; all must agree in type and shape.</summary>
    private Tensor Stack(List<Tensor> items, int s)
    {
        var first = items[0];
        foreach (var t in items)
            if (t.Type != first.Type || !ShapeUtil.Equal(t.Shape, first.Shape))
                throw Error($"scan output {s} is {first.Type}[{ShapeUtil.Format(first.Shape)}] in the first iteration and {t.Type}[{ShapeUtil.Format(t.Shape)}] in another; a scan output keeps one shape.");
        var stacked = Tensor.Uninitialized(first.Type, [items.Count, .. first.Shape]);
        for (int i = 0; i < items.Count; i++) TensorRows.CopyValues(items[i], 0, stacked, i * first.Length, first.Length);
        return stacked;
    }

    /// <summary>
    /// A scan output of a loop that ran no iteration: [0, ...] with the per-iteration shape the body's
    /// shape inference gives from the input shapes alone. Refused when that shape depends on values.
    /// </summary>
    private Tensor EmptyScan(int s, Tensor[] carried, Dictionary<string, Tensor> outer)
    {
        var infos = outer.ToDictionary(v => v.Key, v => new TensorInfo(v.Value.Type, v.Value.Shape), StringComparer.Ordinal);
        infos[_body.Inputs[0].Name] = new TensorInfo(DataType.Int64, []);
        infos[_body.Inputs[1].Name] = new TensorInfo(DataType.Bool, []);
        for (int c = 0; c < _carried; c++) infos[_body.Inputs[2 + c].Name] = new TensorInfo(carried[c].Type, carried[c].Shape);
        // Problems (a Gather into an empty carried value) only leave shapes unknown here.
        var plan = Planner.Build(_body, infos, ResourceLimits.Default, checkBatch: false, problems: [], knownInputs: outer);
        int v = _body.OutputIds[1 + _carried + s];
        if (plan.Infos[v] is not { } info)
            throw Error($"the loop ran no iteration, and the shape of scan output {s} ('{_body.OutputNames[1 + _carried + s]}') depends on values the body never computed.");
        return Tensor.Zeros(info.Type, [0, .. info.Shape]);
    }

    private long TripCount(Tensor m)
    {
        if (m.Type != DataType.Int64 || m.Length != 1)
            throw Error($"the trip count M is {m.Type}[{ShapeUtil.Format(m.Shape)}], expected one int64.");
        return m.Longs[0];
    }

    private bool IsTrue(Tensor condition, string what)
    {
        if (condition.Length != 1) throw Error($"{what} has shape [{ShapeUtil.Format(condition.Shape)}], expected one element.");
        return condition.GetDouble(0) != 0;
    }
}
