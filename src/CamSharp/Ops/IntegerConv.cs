using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The convolution inside ConvInteger and QLinearConv: the float <see cref="Conv"/> run on
/// zero-point-centred operands (integers held exactly in float32), so the quantized ops
/// share Conv's kernels, attribute checks and backward. Centred constant weights are made
/// once and kept, which also lets Conv keep its packed form.
/// </summary>
internal sealed class IntegerConv
{
    private readonly Conv _conv;
    private bool _weightsConstant;
    private CenteredWeightsOf? _weights;

    public IntegerConv(Node node) => _conv = new Conv(node);

    /// <summary>Output shape for X and W shapes; <paramref name="weightsConstant"/> says whether W is a model constant.</summary>
    public int[] Infer(int[] x, int[] w, bool weightsConstant)
    {
        _weightsConstant = weightsConstant;
        var ctx = new InferContext([new TensorInfo(DataType.Float32, x), new TensorInfo(DataType.Float32, w)],
            [null, weightsConstant ? Tensor.Zeros(DataType.Float32, [0]) : null], 1);
        _conv.Infer(ctx);
        return ctx.Outputs[0]!.Value.Shape;
    }

    /// <summary>W − w_zero_point (per tensor, or per output channel along axis 0), cached for constant W.</summary>
    public Tensor CenteredWeights(Tensor w, Tensor? zeroPoint, Operator op)
    {
        if (Volatile.Read(ref _weights) is { } kept && ReferenceEquals(kept.Source, w)) return kept.Centered;
        var layout = QuantizationAxis.Resolve(op, w.Shape, zeroPoint?.Shape ?? [], 0, 0, "w_zero_point");
        var centered = QuantizedValues.Centered(w, zeroPoint, layout);
        if (_weightsConstant) Volatile.Write(ref _weights, new CenteredWeightsOf(w, centered));
        return centered;
    }

    /// <summary>Σ (x − x_zp)(w − w_zp) into a float32 tensor of the output shape.</summary>
    public Tensor Forward(Tensor x, Tensor? xZeroPoint, Tensor w, Tensor? wZeroPoint, int[] outputShape, bool precise, Operator op)
    {
        using var xc = QuantizedValues.Centered(x, xZeroPoint, QuantizationAxis.Resolve(op, x.Shape, xZeroPoint?.Shape ?? [], 1, 0, "x_zero_point"));
        var wc = CenteredWeights(w, wZeroPoint, op);
        var y = Tensor.Uninitialized(DataType.Float32, outputShape);
        try
        {
            _conv.Forward(new ForwardContext([xc, wc], [y]) { Precise = precise });
        }
        finally
        {
            if (!_weightsConstant) wc.Dispose();
        }
        return y;
    }

    /// <summary>The gradient of X for output gradient <paramref name="dy"/>: the float convolution's, with centred weights.</summary>
    public Tensor BackwardData(Tensor dy, int[] xShape, Tensor w, Tensor? wZeroPoint, bool precise, Operator op)
    {
        var wc = CenteredWeights(w, wZeroPoint, op);
        var infos = new TensorInfo?[] { new TensorInfo(DataType.Float32, xShape), new TensorInfo(DataType.Float32, w.Shape) };
        var ctx = new BackwardContext([null, wc], infos, [null], [dy], [true, false]) { Precise = precise };
        try
        {
            _conv.Backward(ctx);
        }
        finally
        {
            if (!_weightsConstant) wc.Dispose();
        }
        return ctx.InputGrads[0]!;
    }

    private sealed record CenteredWeightsOf(Tensor Source, Tensor Centered);
}
