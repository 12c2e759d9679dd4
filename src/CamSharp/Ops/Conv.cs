using System.Buffers;
using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Conv, 1-D and 2-D: X (N×C×[H×]W), W (M×C/group×[kH×]kW), optional B (M); 3-D
/// (video) in <see cref="Conv3D"/>. Backward
/// gives the gradient of X only; weights and bias are model constants.
/// </summary>
internal sealed class Conv : Operator
{
    private readonly string _autoPad;
    private readonly long _group;
    private readonly long[]? _kernelShape, _pads, _strides, _dilations;
    private bool _weightsConstant = true;
    private DerivedWeights<PackedMatrix[]>? _forwardPack, _backwardPack;
    private DerivedWeights<WinogradWeights>? _forwardWinograd, _backwardWinograd;
    private DerivedWeights<DirectConvWeights>? _forwardDirect;
    private DerivedWeights<ChannelPanelWeights>? _forwardPointwise;
    private DerivedWeights<SmallMapWeights>? _forwardSmallMap;
    private DerivedWeights<ChannelPanelWeights>? _forwardChannelLanes;
    private readonly Conv3D _conv3D;

    public Conv(Node node) : base(node)
    {
        var a = node.Attributes;
        _autoPad = a.GetString("auto_pad", "NOTSET");
        if (_autoPad is not ("NOTSET" or "SAME_UPPER" or "SAME_LOWER" or "VALID"))
            throw Error($"auto_pad '{_autoPad}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID");
        _group = a.GetInt("group", 1);
        if (_group < 1) throw Error($"group is {_group}, expected at least 1");
        _kernelShape = a.GetInts("kernel_shape");
        _pads = a.GetInts("pads");
        _strides = a.GetInts("strides");
        _dilations = a.GetInts("dilations");
        _conv3D = new Conv3D(this);
    }

    /// <summary>Backward reads only W, which is a constant; X is kept only for a computed W.</summary>
    public override BackwardNeeds Needs => _weightsConstant ? BackwardNeeds.None : BackwardNeeds.Inputs;

    /// <summary>The activation runs in the GEMM epilogue (or per depthwise plane), on data still in cache.</summary>
    public override bool FusesActivation => true;

    public override void Infer(InferContext ctx)
    {
        if (ctx.Input(0).Rank == 5)
        {
            _weightsConstant = ctx.Constant(1) is not null;
            _conv3D.Infer(ctx);
            return;
        }
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        if (x.Type != DataType.Float32 || w.Type != DataType.Float32) throw Error($"inputs are {x.Type} and {w.Type}, expected Float32");
        var g = Geometry(x.Shape, w.Shape);
        if (ctx.HasInput(2) && !ShapeUtil.Equal(ctx.Shape(2), [g.OutChannels]))
            throw Error($"bias has shape [{ShapeUtil.Format(ctx.Shape(2))}], expected [{g.OutChannels}]");
        _weightsConstant = ctx.Constant(1) is not null;
        ctx.SetOutput(0, DataType.Float32, OutputShape(g, x.Rank));
    }

    public override void Forward(ForwardContext ctx)
    {
        if (ctx.Input(0).Rank == 5)
        {
            _conv3D.Forward(ctx);
            return;
        }
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        var g = Geometry(x.Shape, w.Shape);
        var bias = ctx.OptionalInput(2);
        if (ctx.Precise)
        {
            PreciseKernels.Convolution(g, x.FloatStorage, w.FloatStorage, bias?.FloatStorage, ctx.Output(0).FloatStorage);
            return;
        }
        if (StridedPointwise.Applies(g))
        {
            // The strided pixels gathered into dense planes: a stride-1 pointwise convolution of them.
            var dense = StridedPointwise.DenseGeometry(g);
            float[] gathered = ArrayPool<float>.Shared.Rent(dense.Batch * dense.InChannels * dense.InSize);
            try
            {
                StridedPointwise.Gather(g, x.Floats, gathered);
                ForwardPlanar(ctx, dense, gathered.AsSpan(0, dense.Batch * dense.InChannels * dense.InSize), w, bias);
            }
            finally
            {
                ArrayPool<float>.Shared.Return(gathered);
            }
            return;
        }
        ForwardPlanar(ctx, g, x.Floats, w, bias);
    }

    /// <summary>A 1-D or 2-D convolution of <paramref name="x"/> by the kernel that suits its geometry.</summary>
    private void ForwardPlanar(ForwardContext ctx, ConvGeometry g, ReadOnlySpan<float> x, Tensor w, Tensor? bias)
    {
        if (Convolution.UsesSmallMap(g))
        {
            var smallMap = _weightsConstant ? Derived(ref _forwardSmallMap, w, t => new SmallMapWeights(g.OutChannels, g.Depth, t.Floats)) : null;
            Convolution.Forward(g, x, w.Floats, null, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation, smallMap: smallMap);
            return;
        }
        if (WinogradConv.Applies(g) && !DirectConv.PreferredOverWinograd(g))
        {
            var u = Derived(ref _forwardWinograd, w, t => WinogradConv.TransformWeights(g.OutChannels, g.InChannels, t.Floats));
            WinogradConv.Forward(g, x, u, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation);
            return;
        }
        if (Convolution.UsesPointwise(g))
        {
            var pointwise = _weightsConstant ? Derived(ref _forwardPointwise, w, t => new ChannelPanelWeights(g.OutChannels, g.Depth, t.Floats, Pointwise.PanelWidth)) : null;
            Convolution.Forward(g, x, w.Floats, null, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation, pointwise: pointwise);
            return;
        }
        if (Convolution.UsesDirect(g))
        {
            var direct = _weightsConstant ? Derived(ref _forwardDirect, w, t => new DirectConvWeights(g.OutChannels, g.Depth, t.Floats)) : null;
            Convolution.Forward(g, x, w.Floats, null, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation, direct);
            return;
        }
        if (Convolution.UsesChannelLanes(g))
        {
            var lanes = _weightsConstant ? Derived(ref _forwardChannelLanes, w, t => ChannelLaneConv.PackWeights(g, t.Floats)) : null;
            Convolution.Forward(g, x, w.Floats, null, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation, channelLanes: lanes);
            return;
        }
        var packed = Packed(ref _forwardPack, w, g, transposed: false);
        Convolution.Forward(g, x, w.Floats, packed, bias is null ? default : bias.Floats, ctx.Output(0).Floats, ctx.Activation);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (ctx.InputInfo(0).Rank == 5)
        {
            _conv3D.Backward(ctx);
            return;
        }
        if (ctx.NeedsInputGrad(1) || ctx.NeedsInputGrad(2))
            throw Error("gradients of weights and bias are not supported (they are model constants)");
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = Tensor.Uninitialized(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is not { } dy)
        {
            dx.Clear();
            ctx.SetInputGrad(0, dx);
            return;
        }
        var w = ctx.Input(1);
        var g = Geometry(dx.Shape, w.Shape);
        if (!ctx.Precise && WinogradConv.Applies(g) && WinogradConv.BackwardGeometry(g) is var back && WinogradConv.Applies(back))
        {
            var u = Derived(ref _backwardWinograd, w, t => WinogradConv.TransformWeightsForBackward(g.OutChannels, g.InChannels, t.Floats));
            WinogradConv.Forward(back, dy.Floats, u, default, dx.Floats);
            ctx.SetInputGrad(0, dx);
            return;
        }
        var packed = Packed(ref _backwardPack, w, g, transposed: true);
        Convolution.BackwardData(g, dy.Floats, w.Floats, packed, dx.Floats);
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Validates shapes and attributes and resolves auto_pad into explicit sizes.</summary>
    private ConvGeometry Geometry(int[] x, int[] w)
    {
        if (x.Length is not (3 or 4)) throw Error($"input has {x.Length} dims, expected 3 (1-D), 4 (2-D) or 5 (3-D)");
        if (w.Length != x.Length) throw Error($"weight has {w.Length} dims, expected {x.Length}");
        int spatial = x.Length - 2;
        int c = x[1], m = w[0];
        if (c % _group != 0 || w[1] * _group != c)
            throw Error($"weight has {w[1]} input channels per group, expected {c}/{_group} (input channels / group)");
        if (m % _group != 0) throw Error($"weight has {m} output channels, not divisible by group {_group}");
        if (_kernelShape is not null && !KernelShapeMatches(w))
            throw Error($"kernel_shape [{string.Join(", ", _kernelShape)}] differs from the weight's [{ShapeUtil.Format(w.AsSpan(2))}]");
        var strides = Ints(_strides, spatial, 1, "strides");
        var dilations = Ints(_dilations, spatial, 1, "dilations");
        var pads = Ints(_pads, 2 * spatial, 0, "pads");
        var begin = new int[spatial];
        var output = new int[spatial];
        for (int d = 0; d < spatial; d++)
        {
            if (strides[d] < 1 || dilations[d] < 1) throw Error($"strides and dilations must be positive, got {strides[d]} and {dilations[d]}");
            (begin[d], output[d]) = Resolve(x[2 + d], w[2 + d], strides[d], dilations[d], pads[d], pads[spatial + d]);
            if (output[d] < 1)
                throw Error($"input size {x[2 + d]} is smaller than the dilated kernel {(w[2 + d] - 1) * dilations[d] + 1} along spatial axis {d}");
        }
        return spatial == 2
            ? new ConvGeometry(x[0], c, x[2], x[3], m, (int)_group, w[2], w[3], strides[0], strides[1], dilations[0], dilations[1],
                begin[0], begin[1], output[0], output[1])
            : new ConvGeometry(x[0], c, 1, x[2], m, (int)_group, 1, w[2], 1, strides[0], 1, dilations[0], 0, begin[0], 1, output[0]);
    }

    /// <summary>Leading pad and output size along one axis.</summary>
    private (int PadBegin, int Output) Resolve(int size, int kernel, int stride, int dilation, int padBegin, int padEnd)
    {
        int span = (kernel - 1) * dilation + 1;
        switch (_autoPad)
        {
            case "VALID":
                return (0, size >= span ? (size - span) / stride + 1 : 0);
            case "SAME_UPPER" or "SAME_LOWER":
                int output = (size + stride - 1) / stride;
                int total = Math.Max(0, (output - 1) * stride + span - size);
                // SAME_UPPER puts the odd pad at the end, SAME_LOWER at the beginning.
                return (_autoPad == "SAME_UPPER" ? total / 2 : total - total / 2, output);
            default:
                if (padBegin < 0 || padEnd < 0) throw Error($"pads must be non-negative, got {padBegin} and {padEnd}");
                int padded = size + padBegin + padEnd;
                return (padBegin, padded >= span ? (padded - span) / stride + 1 : 0);
        }
    }

    private bool KernelShapeMatches(int[] w)
    {
        if (_kernelShape!.Length != w.Length - 2) return false;
        for (int d = 0; d < _kernelShape.Length; d++)
            if (_kernelShape[d] != w[2 + d]) return false;
        return true;
    }

    private int[] Ints(long[]? values, int count, int fallback, string name)
    {
        if (values is not null && values.Length != count) throw Error($"{name} has {values.Length} values, expected {count}");
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = values is null ? fallback : checked((int)values[i]);
        return r;
    }

    private static int[] OutputShape(ConvGeometry g, int rank) => rank == 4
        ? [g.Batch, g.OutChannels, g.OutHeight, g.OutWidth]
        : [g.Batch, g.OutChannels, g.OutWidth];

    /// <summary>Weights packed for the GEMM, once per constant weight tensor; null when W is computed.</summary>
    private PackedMatrix[]? Packed(ref DerivedWeights<PackedMatrix[]>? slot, Tensor w, ConvGeometry g, bool transposed)
    {
        if (!_weightsConstant || !Convolution.UsesGemm(g)) return null;
        return Derived(ref slot, w, t => transposed ? Convolution.PackWeightsTransposed(g, t.Floats) : Convolution.PackWeights(g, t.Floats));
    }

    /// <summary>A form of W made once per constant weight tensor (on every call when W is computed).</summary>
    private T Derived<T>(ref DerivedWeights<T>? slot, Tensor w, Func<Tensor, T> make) where T : class
    {
        var current = Volatile.Read(ref slot);
        if (current is not null && ReferenceEquals(current.Source, w)) return current.Value;
        var value = make(w);
        if (_weightsConstant) Volatile.Write(ref slot, new DerivedWeights<T>(w, value));
        return value;
    }

    private sealed record DerivedWeights<T>(Tensor Source, T Value);
}
