using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Lrp;

/// <summary>
/// A Conv, Gemm or MatMul node seen as y = f(x; W, b), linear in x and in (W, b): the node's
/// own operator runs it forward with modified inputs, weights and bias, and its backward
/// gives fᵀ(W; g), which is how every LRP rule is written (Zennit's <c>BasicHook</c>).
/// <see cref="Weight"/> and <see cref="Bias"/> may be a BatchNormalization merged in.
/// </summary>
internal sealed class LinearLayer
{
    private readonly Operator _op;
    private readonly int _inputs;
    private readonly TensorInfo _xInfo;
    private readonly int[] _outShape;

    public LinearLayer(Operator op, BackwardContext ctx, Tensor weight, Tensor? bias, int[] outShape)
    {
        _op = op;
        _inputs = bias is null ? ctx.InputCount : System.Math.Max(ctx.InputCount, 3);
        _xInfo = ctx.InputInfo(0);
        X = ctx.Input(0);
        Weight = weight;
        Bias = bias;
        _outShape = outShape;
    }

    public Tensor X { get; }

    public Tensor Weight { get; }

    public Tensor? Bias { get; }

    /// <summary>f(x; W, b) with b = null meaning no bias.</summary>
    public Tensor Forward(Tensor x, Tensor w, Tensor? b)
    {
        var inputs = Inputs(x, w, b);
        var y = Tensor.Uninitialized(DataType.Float32, _outShape);
        _op.Forward(new ForwardContext(inputs, [y]));
        return y;
    }

    /// <summary>fᵀ(W; g): the gradient with respect to x of ⟨g, f(x; W)⟩.</summary>
    public Tensor Transpose(Tensor w, Tensor g)
    {
        var inputs = Inputs(X, w, null);
        var infos = inputs.Select((t, i) => i == 0 ? _xInfo : t is null ? (TensorInfo?)null : new TensorInfo(t.Type, t.Shape)).ToArray();
        var needs = new bool[inputs.Length];
        needs[0] = true;
        var ctx = new BackwardContext(inputs, infos, new Tensor?[1], [g], needs);
        _op.Backward(ctx);
        return ctx.InputGrads[0] ?? throw new InvalidOperationException($"{_op.Node}: no input gradient for an LRP rule.");
    }

    private Tensor?[] Inputs(Tensor x, Tensor w, Tensor? b)
    {
        var inputs = new Tensor?[_inputs];
        inputs[0] = x;
        inputs[1] = w;
        if (_inputs > 2) inputs[2] = b ?? (Bias is null ? null : Tensor.Zeros(Bias.Shape));
        return inputs;
    }
}
