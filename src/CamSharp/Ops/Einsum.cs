using CamSharp.Engine;
using CamSharp.Tensors;
using static CamSharp.Ops.EinsumContraction;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Einsum on float tensors: explicit and implicit outputs, ellipses, repeated letters
/// (traces and diagonals). Operands are contracted left to right by transposes and a
/// batched GEMM (<see cref="EinsumContraction"/>). The gradient of input i is itself an
/// einsum of the output gradient with the other inputs, broadcast over letters only input i
/// has and written onto its diagonals.
/// </summary>
internal sealed class Einsum(Node node) : Operator(node)
{
    private readonly string _equation = node.Attributes.GetString("equation", "");

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var infos = Enumerable.Range(0, ctx.InputCount).Select(ctx.Input).ToArray();
        if (infos.Length == 0) throw Error("needs at least one input.");
        if (infos.Any(i => i.Type != DataType.Float32)) throw Error($"inputs are {string.Join(", ", infos.Select(i => i.Type))}; CamSharp's Einsum takes Float32.");
        var eq = EinsumEquation.Parse(Node, _equation, infos.Select(i => i.Rank).ToArray());
        var sizes = Sizes(eq, infos.Select(i => i.Shape).ToArray());
        ctx.SetOutput(0, DataType.Float32, eq.Output.Select(l => sizes[l]).ToArray());
    }

    public override void Forward(ForwardContext ctx)
    {
        var inputs = Enumerable.Range(0, ctx.InputCount).Select(ctx.Input).ToArray();
        var eq = EinsumEquation.Parse(Node, _equation, inputs.Select(t => t.Rank).ToArray());
        var operands = inputs.Select((t, i) => Diagonal(t, eq.Inputs[i])).ToArray();
        var result = Contract(operands, eq.Output);
        result.Floats.CopyTo(ctx.Output(0).Floats);
    }

    public override void Backward(BackwardContext ctx)
    {
        var inputs = Enumerable.Range(0, ctx.InputCount).Select(ctx.Input).ToArray();
        var eq = EinsumEquation.Parse(Node, _equation, inputs.Select(t => t.Rank).ToArray());
        var gy = ctx.OutputGrad(0);
        for (int i = 0; i < inputs.Length; i++)
        {
            if (!ctx.NeedsInputGrad(i)) continue;
            var gx = Tensor.Zeros(DataType.Float32, inputs[i].Shape);
            if (gy is not null) Gradient(eq, inputs, i, gy, gx);
            ctx.SetInputGrad(i, gx);
        }
    }

    /// <summary>gx += the gradient of Σ gy·y with respect to input <paramref name="i"/>.</summary>
    private static void Gradient(EinsumEquation eq, Tensor[] inputs, int i, Tensor gy, Tensor gx)
    {
        var labels = eq.Inputs[i];
        var unique = labels.Distinct().ToArray();
        var operands = new List<Operand> { new(gy, eq.Output) };
        for (int k = 0; k < inputs.Length; k++)
            if (k != i) operands.Add(Diagonal(inputs[k], eq.Inputs[k]));
        var reachable = operands.SelectMany(o => o.Labels).ToHashSet();
        var target = unique.Where(reachable.Contains).ToArray();
        var r = Contract(operands, target);

        // Broadcast over labels only this input has (stride 0), write onto its diagonals (summed strides).
        var own = ShapeUtil.Strides(inputs[i].Shape);
        var rStrides = ShapeUtil.Strides(r.Shape);
        var shape = unique.Select(l => inputs[i].Shape[Array.IndexOf(labels, l)]).ToArray();
        var src = unique.Select(l => Array.IndexOf(target, l) is int t && t >= 0 ? rStrides[t] : 0).ToArray();
        var dst = unique.Select(l => labels.Select((x, d) => x == l ? own[d] : 0).Sum()).ToArray();
        if (shape.Length == 0) gx.Floats[0] += r.Floats[0];
        else StridedCopy.Accumulate(r.Floats, 0, src, gx.Floats, 0, dst, shape);
    }

    /// <summary>The size of every label, checked to agree across inputs.</summary>
    private Dictionary<int, int> Sizes(EinsumEquation eq, int[][] shapes)
    {
        var sizes = new Dictionary<int, int>();
        for (int i = 0; i < shapes.Length; i++)
            for (int d = 0; d < shapes[i].Length; d++)
            {
                int l = eq.Inputs[i][d];
                if (sizes.TryGetValue(l, out int s) && s != shapes[i][d])
                    throw Error($"equation '{_equation}': input {i} axis {d} has size {shapes[i][d]}, another axis with its label {s} (broadcasting is not supported).");
                sizes[l] = shapes[i][d];
            }
        return sizes;
    }
}
