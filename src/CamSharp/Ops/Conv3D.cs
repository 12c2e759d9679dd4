using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// The 3-D path of <see cref="Conv"/> for video models: X (N×C×D×H×W), W (M×C/group×kD×kH×kW),
/// optional B (M). Forward is im2col into a (C/group·kD·kH·kW) × (oD·oH·oW) matrix and one
/// GEMM per image and group (float64 under <see cref="RunOptions.Precise"/>, as the 2-D path); the input
/// gradient is the transposed GEMM and col2im.
/// </summary>
internal sealed class Conv3D
{
    private readonly Operator _op;
    private readonly string _autoPad;
    private readonly int _group;
    private readonly long[]? _kernelShape, _pads, _strides, _dilations;

    public Conv3D(Operator op)
    {
        _op = op;
        var a = op.Node.Attributes;
        _autoPad = a.GetString("auto_pad", "NOTSET");
        _group = (int)a.GetInt("group", 1);
        _kernelShape = a.GetInts("kernel_shape");
        _pads = a.GetInts("pads");
        _strides = a.GetInts("strides");
        _dilations = a.GetInts("dilations");
    }

    /// <summary>Sizes along the three spatial axes, resolved from the attributes.</summary>
    internal sealed record Geometry(int Batch, int C, int M, int Group, int[] In, int[] Kernel, int[] Stride, int[] Dilation, int[] PadBegin, int[] Out)
    {
        public int CPerGroup => C / Group;
        public int MPerGroup => M / Group;
        public int K => CPerGroup * Kernel[0] * Kernel[1] * Kernel[2];
        public int P => Out[0] * Out[1] * Out[2];
        public int InPlane => In[0] * In[1] * In[2];
    }

    public void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var w = ctx.Input(1);
        if (x.Type != DataType.Float32 || w.Type != DataType.Float32) throw Error($"inputs are {x.Type} and {w.Type}, expected Float32");
        var g = Resolve(x.Shape, w.Shape);
        if (ctx.HasInput(2) && !ShapeUtil.Equal(ctx.Shape(2), [g.M]))
            throw Error($"bias has shape [{ShapeUtil.Format(ctx.Shape(2))}], expected [{g.M}]");
        ctx.SetOutput(0, DataType.Float32, [g.Batch, g.M, g.Out[0], g.Out[1], g.Out[2]]);
    }

    public void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0).FloatStorage;
        var w = ctx.Input(1);
        var g = Resolve(ctx.Input(0).Shape, w.Shape);
        var bias = ctx.OptionalInput(2);
        var y = ctx.Output(0).Floats;
        var col = new float[(long)g.K * g.P];
        for (int n = 0; n < g.Batch; n++)
            for (int gr = 0; gr < g.Group; gr++)
            {
                Im2Col(g, x, (n * g.C + gr * g.CPerGroup) * g.InPlane, col);
                if (ctx.Precise)
                {
                    // RunOptions.Precise: the column matrix is exact, so a float64 GEMM onto the bias is the whole difference.
                    int at = (n * g.M + gr * g.MPerGroup) * g.P;
                    for (int m = 0; m < g.MPerGroup; m++)
                        y.Slice(at + m * g.P, g.P).Fill(bias is null ? 0f : bias.Floats[gr * g.MPerGroup + m]);
                    PreciseKernels.Gemm(false, false, g.MPerGroup, g.P, g.K, 1f, w.FloatStorage, gr * g.MPerGroup * g.K, g.K, col, 0, g.P, 1f, ctx.Output(0).FloatStorage, at, g.P);
                    continue;
                }
                var ys = y.Slice((n * g.M + gr * g.MPerGroup) * g.P, g.MPerGroup * g.P);
                var ws = w.Floats.Slice(gr * g.MPerGroup * g.K, g.MPerGroup * g.K);
                var rowBias = bias is null ? default : bias.Floats.Slice(gr * g.MPerGroup, g.MPerGroup);
                Sgemm.Multiply(false, false, g.MPerGroup, g.P, g.K, 1f, ws, g.K, col, g.P, 0f, ys, g.P, rowBias);
            }
        if (!ctx.Activation.IsNone) ctx.Activation.Apply(y);
    }

    public void Backward(BackwardContext ctx)
    {
        if (ctx.NeedsInputGrad(1) || ctx.NeedsInputGrad(2))
            throw Error("gradients of weights and bias are not supported (they are model constants)");
        if (!ctx.NeedsInputGrad(0)) return;
        var dx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var w = ctx.Input(1);
            var g = Resolve(dx.Shape, w.Shape);
            var col = new float[(long)g.K * g.P];
            for (int n = 0; n < g.Batch; n++)
                for (int gr = 0; gr < g.Group; gr++)
                {
                    var ws = w.Floats.Slice(gr * g.MPerGroup * g.K, g.MPerGroup * g.K);
                    var dys = dy.Floats.Slice((n * g.M + gr * g.MPerGroup) * g.P, g.MPerGroup * g.P);
                    // dcol (K×P) = Wᵀ (K×M) · dY (M×P)
                    Sgemm.Multiply(true, false, g.K, g.P, g.MPerGroup, 1f, ws, g.K, dys, g.P, 0f, col, g.P);
                    Col2Im(g, col, dx.FloatStorage, (n * g.C + gr * g.CPerGroup) * g.InPlane);
                }
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Row (c, kd, kh, kw) of the column matrix holds the input sample each output position reads through that tap (0 in the padding).</summary>
    internal static void Im2Col(Geometry g, float[] x, int offset, float[] col)
    {
        ParallelChunks.For(g.K, (start, count) =>
        {
            for (int row = start; row < start + count; row++)
            {
                var (c, kd, kh, kw) = Tap(g, row);
                var dst = col.AsSpan(row * g.P, g.P);
                int i = 0;
                for (int od = 0; od < g.Out[0]; od++)
                {
                    int id = od * g.Stride[0] - g.PadBegin[0] + kd * g.Dilation[0];
                    for (int oh = 0; oh < g.Out[1]; oh++)
                    {
                        int ih = oh * g.Stride[1] - g.PadBegin[1] + kh * g.Dilation[1];
                        bool inside = id >= 0 && id < g.In[0] && ih >= 0 && ih < g.In[1];
                        int rowStart = offset + ((c * g.In[0] + id) * g.In[1] + ih) * g.In[2];
                        for (int ow = 0; ow < g.Out[2]; ow++, i++)
                        {
                            int iw = ow * g.Stride[2] - g.PadBegin[2] + kw * g.Dilation[2];
                            dst[i] = inside && iw >= 0 && iw < g.In[2] ? x[rowStart + iw] : 0f;
                        }
                    }
                }
            }
        }, minChunk: 1);
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds each column entry back onto the input sample it came from.</summary>
    internal static void Col2Im(Geometry g, float[] col, float[] dx, int offset)
    {
        // Rows of one channel touch only that channel, so channels run in parallel.
        int taps = g.Kernel[0] * g.Kernel[1] * g.Kernel[2];
        ParallelChunks.For(g.CPerGroup, (start, count) =>
        {
            for (int c = start; c < start + count; c++)
                for (int t = 0; t < taps; t++)
                {
                    int row = c * taps + t;
                    var (_, kd, kh, kw) = Tap(g, row);
                    int i = 0;
                    for (int od = 0; od < g.Out[0]; od++)
                    {
                        int id = od * g.Stride[0] - g.PadBegin[0] + kd * g.Dilation[0];
                        for (int oh = 0; oh < g.Out[1]; oh++)
                        {
                            int ih = oh * g.Stride[1] - g.PadBegin[1] + kh * g.Dilation[1];
                            bool inside = id >= 0 && id < g.In[0] && ih >= 0 && ih < g.In[1];
                            int rowStart = offset + ((c * g.In[0] + id) * g.In[1] + ih) * g.In[2];
                            for (int ow = 0; ow < g.Out[2]; ow++, i++)
                            {
                                int iw = ow * g.Stride[2] - g.PadBegin[2] + kw * g.Dilation[2];
                                if (inside && iw >= 0 && iw < g.In[2]) dx[rowStart + iw] += col[(long)row * g.P + i];
                            }
                        }
                    }
                }
        }, minChunk: 1);
    }

    private static (int C, int Kd, int Kh, int Kw) Tap(Geometry g, int row)
    {
        int kw = row % g.Kernel[2];
        int r = row / g.Kernel[2];
        int kh = r % g.Kernel[1];
        r /= g.Kernel[1];
        return (r / g.Kernel[0], r % g.Kernel[0], kh, kw);
    }

    private Geometry Resolve(int[] x, int[] w)
    {
        if (x.Length != 5) throw Error($"input has {x.Length} dims, expected 5 (N, C, D, H, W)");
        if (w.Length != 5) throw Error($"weight has {w.Length} dims, expected 5");
        int c = x[1], m = w[0];
        if (_group < 1 || c % _group != 0 || w[1] * _group != c)
            throw Error($"weight has {w[1]} input channels per group, expected {c}/{_group} (input channels / group)");
        if (m % _group != 0) throw Error($"weight has {m} output channels, not divisible by group {_group}");
        if (_kernelShape is not null && !_kernelShape.SequenceEqual(w[2..].Select(v => (long)v)))
            throw Error($"kernel_shape [{string.Join(", ", _kernelShape)}] differs from the weight's [{ShapeUtil.Format(w.AsSpan(2))}]");
        var strides = Ints(_strides, 3, 1, "strides");
        var dilations = Ints(_dilations, 3, 1, "dilations");
        var pads = Ints(_pads, 6, 0, "pads");
        var begin = new int[3];
        var output = new int[3];
        for (int d = 0; d < 3; d++)
        {
            if (strides[d] < 1 || dilations[d] < 1) throw Error($"strides and dilations must be positive, got {strides[d]} and {dilations[d]}");
            int span = (w[2 + d] - 1) * dilations[d] + 1, size = x[2 + d];
            switch (_autoPad)
            {
                case "VALID":
                    output[d] = size >= span ? (size - span) / strides[d] + 1 : 0;
                    break;
                case "SAME_UPPER" or "SAME_LOWER":
                    output[d] = (size + strides[d] - 1) / strides[d];
                    int total = Math.Max(0, (output[d] - 1) * strides[d] + span - size);
                    begin[d] = _autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    break;
                default:
                    if (pads[d] < 0 || pads[3 + d] < 0) throw Error($"pads must be non-negative, got {pads[d]} and {pads[3 + d]}");
                    begin[d] = pads[d];
                    int padded = size + pads[d] + pads[3 + d];
                    output[d] = padded >= span ? (padded - span) / strides[d] + 1 : 0;
                    break;
            }
            if (output[d] < 1) throw Error($"input size {size} is smaller than the dilated kernel {span} along spatial axis {d}");
        }
        return new Geometry(x[0], c, m, _group, x[2..], w[2..], strides, dilations, begin, output);
    }

    private int[] Ints(long[]? values, int count, int fallback, string name)
    {
        if (values is not null && values.Length != count) throw Error($"{name} has {values.Length} values, expected {count}");
        var r = new int[count];
        for (int i = 0; i < count; i++) r[i] = values is null ? fallback : checked((int)values[i]);
        return r;
    }

    private ModelException Error(string message) => new($"{_op.Node}: {message}");
}
