using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The product inside MatMulInteger and QLinearMatMul: the float <see cref="MatMul"/> run on
/// zero-point-centred operands (integers held exactly in float32). A's zero point is per
/// tensor or per row (1-D of A's row count), B's per tensor or per column (1-D of B's
/// column count). Backward is MatMul's on the centred values.
/// </summary>
internal sealed class IntegerMatMul
{
    private readonly MatMul _matMul;
    private readonly Operator _owner;

    public IntegerMatMul(Operator owner)
    {
        _owner = owner;
        _matMul = new MatMul(owner.Node);
    }

    public int[] Infer(int[] a, int[] b)
    {
        var ctx = new InferContext([new TensorInfo(DataType.Float32, a), new TensorInfo(DataType.Float32, b)], [null, null], 1);
        _matMul.Infer(ctx);
        return ctx.Outputs[0]!.Value.Shape;
    }

    /// <summary>A − a_zero_point, the zero point per tensor or per row.</summary>
    public Tensor CenteredA(Tensor a, Tensor? zeroPoint) =>
        QuantizedValues.Centered(a, zeroPoint, Layout(a.Shape, zeroPoint, -2, "a_zero_point"));

    /// <summary>B − b_zero_point, the zero point per tensor or per column.</summary>
    public Tensor CenteredB(Tensor b, Tensor? zeroPoint) =>
        QuantizedValues.Centered(b, zeroPoint, Layout(b.Shape, zeroPoint, -1, "b_zero_point"));

    /// <summary>The layout of a per-tensor, per-row or per-column parameter of an operand.</summary>
    public QuantizationAxis Layout(int[] operand, Tensor? param, int axis, string what) =>
        param is null || param.Length == 1 || operand.Length < 2
            ? QuantizationAxis.Resolve(_owner, operand, [], 0, 0, what)
            : QuantizationAxis.Resolve(_owner, operand, param.Shape, axis, 0, what);

    /// <summary>(A − a_zp)(B − b_zp) as float32 sums.</summary>
    public Tensor Forward(Tensor ac, Tensor bc, int[] outputShape, bool precise)
    {
        var y = Tensor.Uninitialized(DataType.Float32, outputShape);
        _matMul.Forward(new ForwardContext([ac, bc], [y]) { Precise = precise });
        return y;
    }

    /// <summary>Gradients of the centred operands for output gradient <paramref name="dy"/> (null where not asked for).</summary>
    public (Tensor? DA, Tensor? DB) Backward(Tensor ac, Tensor bc, Tensor dy, bool needA, bool needB)
    {
        var infos = new TensorInfo?[] { new TensorInfo(DataType.Float32, ac.Shape), new TensorInfo(DataType.Float32, bc.Shape) };
        var ctx = new BackwardContext([ac, bc], infos, [null], [dy], [needA, needB]);
        _matMul.Backward(ctx);
        return (ctx.InputGrads[0], ctx.InputGrads[1]);
    }
}
