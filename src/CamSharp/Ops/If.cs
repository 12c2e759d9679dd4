using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX If: runs <c>then_branch</c> when the one-element condition is true, else
/// <c>else_branch</c>; the outputs are the branch's. Branches read values of the enclosing
/// scope by name (<see cref="Node.ImplicitInputs"/>, inputs 1.. of this node). A condition
/// known at plan time picks the branch then; otherwise the node is deferred to run time.
/// A branch runs by folding: every value it reads is known when it runs. Backward runs the
/// chosen branch again as a pass of its own and carries the output gradients back to the
/// outer float values it reads; the condition gets none.
/// </summary>
internal sealed class If : Operator
{
    private readonly Graph _then, _else;
    private readonly Session _thenSession, _elseSession;

    public If(Node node, int opset) : base(node)
    {
        _then = Branch(node.Attributes.GetGraph("then_branch"), "then_branch", opset);
        _else = Branch(node.Attributes.GetGraph("else_branch"), "else_branch", opset);
        if (_then.OutputNames.Count != node.Outputs.Length || _else.OutputNames.Count != node.Outputs.Length)
            throw Error($"the node has {node.Outputs.Length} outputs but then_branch gives {_then.OutputNames.Count} and else_branch {_else.OutputNames.Count}.");
        _thenSession = new Session(_then);
        _elseSession = new Session(_else);
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var branch = Choose(ctx.Constant(0) ?? throw new DataDependentException("the condition depends on the image data."));
        var plan = Plan(branch, k => ctx.Input(k), ctx.Constant);
        for (int j = 0; j < Node.Outputs.Length; j++)
        {
            int v = branch.OutputIds[j];
            if (plan.Constants[v] is { } c) ctx.SetConstantOutput(j, c);
            else if (plan.Infos[v] is { } info) ctx.SetOutput(j, info.Type, info.Shape);
            else throw new DataDependentException($"output {j} of the branch has a shape that depends on the image data.");
        }
    }

    public override void Forward(ForwardContext ctx)
    {
        var branch = Choose(ctx.Input(0));
        var plan = Plan(branch, k => new TensorInfo(ctx.Input(k).Type, ctx.Input(k).Shape), ctx.Input);
        for (int j = 0; j < Node.Outputs.Length; j++)
        {
            var value = plan.Constants[branch.OutputIds[j]] ?? throw Error($"output {j} of the branch was not computed.");
            var y = ctx.Output(j);
            if (!ShapeUtil.Equal(y.Shape, value.Shape) || y.Type != value.Type)
                throw Error($"the branch gives output {j} as {value.Type}[{ShapeUtil.Format(value.Shape)}], planned {y.Type}[{ShapeUtil.Format(y.Shape)}].");
            switch (y.Type)
            {
                case DataType.Float32: value.Floats.CopyTo(y.Floats); break;
                case DataType.Int64: value.Longs.CopyTo(y.Longs); break;
                default: value.Bools.CopyTo(y.Bools); break;
            }
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        var branch = Choose(ctx.Input(0));
        var session = ReferenceEquals(branch, _then) ? _thenSession : _elseSession;
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var infos = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        var wanted = new List<(string Name, int Input)>();
        foreach (var input in branch.Inputs)
        {
            int k = 1 + IndexOfOuter(input.Name);
            var t = ctx.Input(k);
            inputs[input.Name] = t;
            infos[input.Name] = new TensorInfo(t.Type, t.Shape);
            if (ctx.NeedsInputGrad(k) && t.Type == DataType.Float32) wanted.Add((input.Name, k));
        }
        var grads = new Tensor?[ctx.InputCount];
        if (wanted.Count > 0)
        {
            // Nothing folds here: the outer values are the pass's inputs, so gradients reach them.
            var plan = Planner.Build(branch, infos, ResourceLimits.Default, checkBatch: false);
            using var pass = new ForwardPass(session, plan, inputs, new RunOptions { GradientsFor = wanted.Select(w => w.Name).ToArray() });
            var seeds = Enumerable.Range(0, Node.Outputs.Length).Select(j => ctx.OutputGrad(j)?.Clone()).ToArray();
            using var g = pass.Backward(seeds);
            foreach (var (name, k) in wanted) grads[k] = g[name].Clone();
        }
        // Outer values only the other branch reads get zero.
        for (int k = 1; k < ctx.InputCount; k++)
            if (ctx.NeedsInputGrad(k) && ctx.InputInfo(k).Type == DataType.Float32)
                ctx.SetInputGrad(k, grads[k] ?? Tensor.Zeros(DataType.Float32, ctx.InputInfo(k).Shape));
    }

    private Graph Choose(Tensor condition)
    {
        if (condition.Length != 1) throw Error($"the condition has shape [{ShapeUtil.Format(condition.Shape)}], expected one element.");
        return condition.GetDouble(0) != 0 ? _then : _else;
    }

    /// <summary>Plans a branch with the outer values it reads; those known (<paramref name="known"/>) fold.</summary>
    private Engine.Plan Plan(Graph branch, Func<int, TensorInfo> info, Func<int, Tensor?> known)
    {
        var infos = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var input in branch.Inputs)
        {
            int k = 1 + IndexOfOuter(input.Name);
            infos[input.Name] = info(k);
            if (known(k) is { } t) values[input.Name] = t;
        }
        return Planner.Build(branch, infos, ResourceLimits.Default, checkBatch: false, knownInputs: values);
    }

    private int IndexOfOuter(string name)
    {
        for (int i = 0; i < Node.ImplicitInputs.Count; i++)
            if (Node.ImplicitInputs[i] == name) return i;
        throw Error($"a branch reads '{name}', which the node does not list.");
    }

    private Graph Branch(Subgraph? g, string which, int opset)
    {
        if (g is null) throw Error($"required attribute '{which}' is missing.");
        if (g.Inputs.Count > 0) throw Error($"{which} declares {g.Inputs.Count} inputs; If branches take none.");
        var inputs = g.ReadsFromOuterScope.Select(n => new GraphInput(n, DataType.Float32, null)).ToArray();
        return new Graph(g.Nodes, g.Initializers, inputs, g.Outputs, opset, $"{Node} {which}") { IsSubgraph = true };
    }
}
