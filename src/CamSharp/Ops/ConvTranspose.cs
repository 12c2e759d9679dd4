using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// ONNX ConvTranspose, 1-D, 2-D and 3-D: X (N×C×[[D×]H×]W), W (C×M/group×[[kD×]kH×]kW), optional B (M).
/// The 3-D path is <see cref="ConvTranspose3D"/>.
/// Its forward is the input gradient of the convolution that maps Y back to X, so it runs
/// on the same GEMM + col2im kernel (<see cref="Convolution.BackwardData"/>). Output size
/// stride·(in − 1) + output_padding + (k − 1)·dilation + 1 − pads, or <c>output_shape</c>
/// with the padding derived from it. Backward: dX is that convolution's forward of dY;
/// dW correlates X with the columns of dY.
/// </summary>
internal sealed class ConvTranspose : Operator
{
    private readonly string _autoPad;
    private readonly long _group;
    private readonly long[]? _kernelShape, _pads, _strides, _dilations, _outputPadding, _outputShape;

    public ConvTranspose(Node node) : base(node)
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
        _outputPadding = a.GetInts("output_padding");
        _outputShape = a.GetInts("output_shape");
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        if (x.Type != DataType.Float32 || w.Type != DataType.Float32) throw Error($"inputs are {x.Type} and {w.Type}, expected Float32");
        var sizes = Sizes(x.Shape, w.Shape);
        if (ctx.HasInput(2) && !ShapeUtil.Equal(ctx.Shape(2), [sizes.OutChannels]))
            throw Error($"bias has shape [{ShapeUtil.Format(ctx.Shape(2))}], expected [{sizes.OutChannels}]");
        ctx.SetOutput(0, DataType.Float32, [x.Shape[0], sizes.OutChannels, .. sizes.Output]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        var y = ctx.Output(0);
        if (x.Rank == 5)
        {
            ConvTranspose3D.Forward(Volume(x.Shape, w.Shape), x, w, ctx.OptionalInput(2), y);
            return;
        }
        var (g, _) = Geometry(x.Shape, w.Shape);
        Convolution.BackwardData(g, x.Floats, w.Floats, null, y.Floats);
        if (ctx.OptionalInput(2) is { } bias)
        {
            int plane = g.InSize;
            for (int n = 0; n < g.Batch; n++)
                for (int c = 0; c < g.InChannels; c++)
                {
                    var row = y.Floats.Slice((n * g.InChannels + c) * plane, plane);
                    System.Numerics.Tensors.TensorPrimitives.Add(row, bias.Floats[c], row);
                }
        }
    }

    public override void Backward(BackwardContext ctx)
    {
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        if (x.Rank == 5)
        {
            BackwardVolume(ctx, x, w);
            return;
        }
        var (g, _) = Geometry(x.Shape, w.Shape);
        var dy = ctx.OutputGrad(0);
        if (ctx.NeedsInputGrad(0))
        {
            var dx = Tensor.Zeros(DataType.Float32, x.Shape);
            if (dy is not null) Convolution.Forward(g, dy.Floats, w.Floats, null, default, dx.Floats);
            ctx.SetInputGrad(0, dx);
        }
        if (ctx.NeedsInputGrad(1))
        {
            var dw = Tensor.Zeros(DataType.Float32, w.Shape);
            if (dy is not null) WeightGradient(g, x.Floats, dy.Floats, dw.Floats);
            ctx.SetInputGrad(1, dw);
        }
        if (ctx.NeedsInputGrad(2))
        {
            var db = Tensor.Zeros(DataType.Float32, [g.InChannels]);
            if (dy is not null)
                for (int n = 0; n < g.Batch; n++)
                    for (int c = 0; c < g.InChannels; c++)
                        db.Floats[c] += System.Numerics.Tensors.TensorPrimitives.Sum(dy.Floats.Slice((n * g.InChannels + c) * g.InSize, g.InSize));
            ctx.SetInputGrad(2, db);
        }
    }

    /// <summary>dW[grp] += X_grp · col(dY_grp)ᵀ, summed over the batch.</summary>
    private static void WeightGradient(ConvGeometry g, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dw)
    {
        int mg = g.OutChannelsPerGroup, kg = g.Depth, n = g.OutSize;
        var col = new float[kg * n];
        for (int b = 0; b < g.Batch; b++)
            for (int grp = 0; grp < g.Group; grp++)
            {
                int yOffset = (b * g.InChannels + grp * g.InChannelsPerGroup) * g.InSize;
                Columns(g, dy.Slice(yOffset, g.InChannelsPerGroup * g.InSize), col);
                var xg = x.Slice((b * g.OutChannels + grp * mg) * n, mg * n);
                Sgemm.Multiply(false, true, mg, kg, n, 1f, xg, n, col, n, 1f, dw.Slice(grp * mg * kg, mg * kg), kg);
            }
    }

    /// <summary>Plain im2col of one group of the (conv-input-shaped) output: kg rows × OutSize columns.</summary>
    private static void Columns(ConvGeometry g, ReadOnlySpan<float> planes, Span<float> col)
    {
        int k = 0;
        for (int c = 0; c < g.InChannelsPerGroup; c++)
            for (int i = 0; i < g.KernelHeight; i++)
                for (int j = 0; j < g.KernelWidth; j++, k++)
                    for (int oh = 0; oh < g.OutHeight; oh++)
                        for (int ow = 0; ow < g.OutWidth; ow++)
                        {
                            int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                            int iw = ow * g.StrideWidth - g.PadLeft + j * g.DilationWidth;
                            bool inside = (uint)ih < (uint)g.InHeight && (uint)iw < (uint)g.InWidth;
                            col[(k * g.OutHeight + oh) * g.OutWidth + ow] = inside ? planes[(c * g.InHeight + ih) * g.InWidth + iw] : 0;
                        }
    }

    private void BackwardVolume(BackwardContext ctx, Tensor x, Tensor w)
    {
        var g = Volume(x.Shape, w.Shape);
        var dx = ctx.NeedsInputGrad(0) ? Tensor.Zeros(DataType.Float32, x.Shape) : null;
        var dw = ctx.NeedsInputGrad(1) ? Tensor.Zeros(DataType.Float32, w.Shape) : null;
        var db = ctx.NeedsInputGrad(2) ? Tensor.Zeros(DataType.Float32, [g.C]) : null;
        if (ctx.OutputGrad(0) is { } dy)
        {
            if (dx is not null || dw is not null) ConvTranspose3D.Backward(g, x, w, dy, dx, dw);
            if (db is not null) ConvTranspose3D.BiasGradient(g, dy, db);
        }
        if (dx is not null) ctx.SetInputGrad(0, dx);
        if (dw is not null) ctx.SetInputGrad(1, dw);
        if (db is not null) ctx.SetInputGrad(2, db);
    }

    /// <summary>
    /// The convolution whose input gradient this operator is (1-D and 2-D): its "input" is our
    /// output, its "output" our input. Returns it with our output shape.
    /// </summary>
    private (ConvGeometry Geometry, int[] OutShape) Geometry(int[] x, int[] w)
    {
        var s = Sizes(x, w);
        if (x.Length == 5) throw Error("a 5-D input takes the 3-D path");
        var geometry = x.Length == 4
            ? new ConvGeometry(x[0], s.OutChannels, s.Output[0], s.Output[1], x[1], (int)_group, w[2], w[3], s.Strides[0], s.Strides[1],
                s.Dilations[0], s.Dilations[1], s.Begin[0], s.Begin[1], x[2], x[3])
            : new ConvGeometry(x[0], s.OutChannels, 1, s.Output[0], x[1], (int)_group, 1, w[2], 1, s.Strides[0], 1, s.Dilations[0], 0, s.Begin[0], 1, x[2]);
        return (geometry, [x[0], s.OutChannels, .. s.Output]);
    }

    /// <summary>The same for 3-D, as the <see cref="Conv3D"/> geometry of that convolution.</summary>
    private Conv3D.Geometry Volume(int[] x, int[] w)
    {
        var s = Sizes(x, w);
        return new Conv3D.Geometry(x[0], s.OutChannels, x[1], (int)_group, s.Output, w[2..], s.Strides, s.Dilations, s.Begin, x[2..]);
    }

    private sealed record SpatialSizes(int OutChannels, int[] Strides, int[] Dilations, int[] Begin, int[] Output);

    /// <summary>Output size and leading padding per spatial axis, from the attributes and the input and weight shapes.</summary>
    private SpatialSizes Sizes(int[] x, int[] w)
    {
        if (x.Length is not (3 or 4 or 5)) throw Error($"input has {x.Length} dims, expected 3 (1-D), 4 (2-D) or 5 (3-D)");
        if (w.Length != x.Length) throw Error($"weight has {w.Length} dims, expected {x.Length}");
        int spatial = x.Length - 2;
        int c = x[1];
        if (w[0] != c) throw Error($"weight has {w[0]} input channels, expected {c}");
        if (c % _group != 0) throw Error($"{c} input channels are not divisible by group {_group}");
        int m = checked(w[1] * (int)_group);
        if (_kernelShape is not null && !_kernelShape.SequenceEqual(w[2..].Select(d => (long)d)))
            throw Error($"kernel_shape [{string.Join(", ", _kernelShape)}] differs from the weight's [{ShapeUtil.Format(w.AsSpan(2))}]");
        var strides = Ints(_strides, spatial, 1, "strides");
        var dilations = Ints(_dilations, spatial, 1, "dilations");
        var pads = Ints(_pads, 2 * spatial, 0, "pads");
        var extra = Ints(_outputPadding, spatial, 0, "output_padding");
        var wanted = _outputShape is null ? null : Ints(_outputShape.Length == x.Length ? _outputShape[2..] : _outputShape, spatial, 0, "output_shape");
        var begin = new int[spatial];
        var output = new int[spatial];
        for (int d = 0; d < spatial; d++)
        {
            if (strides[d] < 1 || dilations[d] < 1) throw Error($"strides and dilations must be positive, got {strides[d]} and {dilations[d]}");
            int span = (w[2 + d] - 1) * dilations[d] + 1;
            int full = checked(strides[d] * (x[2 + d] - 1) + extra[d] + span);
            if (wanted is not null || _autoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                output[d] = wanted?[d] ?? checked(x[2 + d] * strides[d]);
                int total = Math.Max(0, full - output[d]);
                // The odd pixel of padding goes to the end for SAME_UPPER, to the start otherwise.
                begin[d] = _autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
            }
            else
            {
                bool valid = _autoPad == "VALID";
                begin[d] = valid ? 0 : pads[d];
                output[d] = full - (valid ? 0 : pads[d] + pads[spatial + d]);
            }
            if (begin[d] < 0 || output[d] < 1) throw Error($"pads and sizes give output size {output[d]} along spatial axis {d}");
        }
        return new SpatialSizes(m, strides, dilations, begin, output);
    }

    private int[] Ints(long[]? values, int count, int fallback, string name)
    {
        if (values is not null && values.Length != count) throw Error($"{name} has {values.Length} values, expected {count}");
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = values is null ? fallback : checked((int)values[i]);
        return r;
    }
}
