using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX MaxPool (opsets 1–22): kernel_shape, strides, pads, auto_pad, dilations, ceil_mode.
/// Padding never wins a window. The gradient goes to the window's first maximum in
/// row-major order (NaN propagates), as in PyTorch. The optional Indices output (opset 8) holds
/// that position as a flat index into the whole input: row-major (storage_order 0), or for
/// 2-D pooling column-major within each plane (storage_order 1, as ONNX Runtime counts).
/// int8 and uint8 inputs (opset 12, held as int64) pool through float32, which holds them
/// exactly, and have no gradient.
/// </summary>
internal sealed class MaxPool : Operator
{
    private readonly PoolAttributes _attrs;
    private readonly bool _indices;
    private readonly bool _columnMajor;

    public MaxPool(Node node) : base(node)
    {
        _attrs = new PoolAttributes(node);
        _indices = node.Outputs.Length > 1 && node.Outputs[1].Length > 0;
        _columnMajor = node.Attributes.GetInt("storage_order", 0) != 0;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type is not (DataType.Float32 or DataType.Int64)) throw Error($"input is {x.Type}, expected Float32 or 8-bit integers.");
        var shape = _attrs.Resolve(x.Shape).OutputShape;
        ctx.SetOutput(0, x.Type, shape);
        if (ctx.Outputs.Length > 1) ctx.SetOutput(1, DataType.Int64, shape);
        if (_indices && _columnMajor && x.Rank != 4)
            throw Error($"the Indices output with storage_order=1 (column-major) is defined here for 2-D pooling only; the input is {x}.");
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type == DataType.Int64)
        {
            using var pooled = Tensor.Uninitialized(DataType.Float32, ctx.Output(0).Shape);
            using var widened = Widen(x);
            Pool(widened, pooled, ctx.OutputCount > 1 ? ctx.Output(1) : null);
            var integers = ctx.Output(0).Longs;
            for (int i = 0; i < integers.Length; i++) integers[i] = (long)pooled.Floats[i];
            return;
        }
        Pool(x, ctx.Output(0), ctx.OutputCount > 1 ? ctx.Output(1) : null);
    }

    private static Tensor Widen(Tensor integers)
    {
        var floats = Tensor.Uninitialized(DataType.Float32, integers.Shape);
        for (int i = 0; i < floats.Length; i++) floats.Floats[i] = integers.Longs[i];
        return floats;
    }

    private void Pool(Tensor x, Tensor y, Tensor? indices)
    {
        var g = _attrs.Resolve(x.Shape);
        if (_indices && indices is not null)
        {
            WithIndices(x, y, indices, g, _columnMajor);
            return;
        }
        bool plain2D = g.In[0] == 1 && g.Kernel[0] == 1 && g.Dilation[1] == 1 && g.Dilation[2] == 1;
        PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
        {
            ReadOnlySpan<float> xp = x.Floats.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Floats.Slice(p * g.OutPlane, g.OutPlane);
            if (plain2D)
            {
                Forward2D(xp, yp, g);
                return;
            }
            int o = 0;
            for (int od = 0; od < g.Out[0]; od++)
                for (int oh = 0; oh < g.Out[1]; oh++)
                    for (int ow = 0; ow < g.Out[2]; ow++)
                        WindowMax(xp, g, od, oh, ow, out yp[o++]);
        });
    }

    /// <summary>Values and their flat input indices through <see cref="WindowMax"/>, the rule backward uses.</summary>
    private static void WithIndices(Tensor x, Tensor y, Tensor indices, PoolGeometry g, bool columnMajor)
    {
        int height = g.In[1], width = g.In[2];
        PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
        {
            ReadOnlySpan<float> xp = x.Floats.Slice(p * g.InPlane, g.InPlane);
            var yp = y.Floats.Slice(p * g.OutPlane, g.OutPlane);
            var ip = indices.Longs.Slice(p * g.OutPlane, g.OutPlane);
            int o = 0;
            for (int od = 0; od < g.Out[0]; od++)
                for (int oh = 0; oh < g.Out[1]; oh++)
                    for (int ow = 0; ow < g.Out[2]; ow++, o++)
                    {
                        int at = WindowMax(xp, g, od, oh, ow, out yp[o]);
                        // Column-major (storage_order 1, 2-D) counts down the columns: h + w·H.
                        int local = columnMajor && at >= 0 ? at / width + at % width * height : at;
                        ip[o] = at < 0 ? -1 : (long)p * g.InPlane + local;
                    }
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var dx = Tensor.Zeros(x.Shape);
        if (ctx.OutputGrad(0) is { } dy)
        {
            var g = _attrs.Resolve(x.Shape);
            PlaneParallel.For(g.Planes, (long)g.OutPlane * g.KernelSize, p =>
            {
                ReadOnlySpan<float> xp = x.Floats.Slice(p * g.InPlane, g.InPlane);
                ReadOnlySpan<float> dyp = dy.Floats.Slice(p * g.OutPlane, g.OutPlane);
                var dxp = dx.Floats.Slice(p * g.InPlane, g.InPlane);
                int o = 0;
                for (int od = 0; od < g.Out[0]; od++)
                    for (int oh = 0; oh < g.Out[1]; oh++)
                        for (int ow = 0; ow < g.Out[2]; ow++, o++)
                        {
                            int at = WindowMax(xp, g, od, oh, ow, out _);
                            if (at >= 0) dxp[at] += dyp[o];
                        }
            });
        }
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>
    /// The common case (2-D, no dilation) without per-window tables: per output row, the
    /// vertical maximum of the window's input rows into a copy padded with −∞ (so padding never
    /// wins), split by column phase of the stride, so that each of the kw taps is one
    /// contiguous run of outW values; the row is the running maximum of those runs. Both maxima
    /// propagate NaN, so the values equal <see cref="WindowMax"/>'s.
    /// </summary>
    private static void Forward2D(ReadOnlySpan<float> plane, Span<float> output, PoolGeometry g)
    {
        int h = g.In[1], w = g.In[2], outH = g.Out[1], outW = g.Out[2];
        int kh = g.Kernel[1], kw = g.Kernel[2], sh = g.Stride[1], sw = g.Stride[2], ph = g.PadBegin[1], pw = g.PadBegin[2];
        // Padded row: pw cells of −∞, the w columns, then −∞ up to the last window's end.
        int length = System.Math.Max(pw + w, (outW - 1) * sw + kw);
        int phaseLength = (length + sw - 1) / sw;
        Span<float> padded = length <= 2048 ? stackalloc float[length] : new float[length];
        Span<float> phases = sw == 1 ? padded : sw * phaseLength <= 2048 ? stackalloc float[sw * phaseLength] : new float[sw * phaseLength];
        padded.Fill(float.NegativeInfinity);
        var columns = padded.Slice(pw, w);
        for (int oh = 0; oh < outH; oh++)
        {
            int hs = oh * sh - ph, h0 = System.Math.Max(hs, 0), h1 = System.Math.Min(hs + kh, h);
            var row = output.Slice(oh * outW, outW);
            if (h1 <= h0)
            {
                row.Fill(float.NegativeInfinity);
                continue;
            }
            plane.Slice(h0 * w, w).CopyTo(columns);
            for (int y = h0 + 1; y < h1; y++) System.Numerics.Tensors.TensorPrimitives.Max(columns, plane.Slice(y * w, w), columns);
            SplitPhases(padded, sw, phaseLength, phases);
            // Tap j of output column ow is padded column ow·sw + j: element ow + j / sw of phase j mod sw.
            phases.Slice(0, outW).CopyTo(row);
            for (int j = 1; j < kw; j++)
                System.Numerics.Tensors.TensorPrimitives.Max(row, phases.Slice(j % sw * phaseLength + j / sw, outW), row);
        }
    }

    /// <summary>phases[q·phaseLength + k] = padded[q + k·stride] (stride 2 with vector permutes).</summary>
    private static unsafe void SplitPhases(Span<float> padded, int stride, int phaseLength, Span<float> phases)
    {
        if (stride == 1) return;
        fixed (float* src = padded, dst = phases)
        {
            if (stride == 2)
            {
                // Beyond the padded row the split writes 0; no window reads there.
                Tensors.Kernels.EvenOdd.Split(src, padded.Length, 0, phaseLength, dst, dst + phaseLength);
                return;
            }
            for (int q = 0; q < stride; q++)
                for (int k = 0; k < phaseLength; k++)
                {
                    int c = q + k * stride;
                    dst[q * phaseLength + k] = c < padded.Length ? src[c] : float.NegativeInfinity;
                }
        }
    }

    /// <summary>
    /// The maximum of one window and its index in the plane (first maximum wins; −1 and −∞
    /// for a window that lies entirely in the padding). Forward and backward share it so
    /// the gradient goes exactly where the value came from.
    /// </summary>
    private static int WindowMax(ReadOnlySpan<float> plane, PoolGeometry g, int od, int oh, int ow, out float value)
    {
        var w = new PoolWindow(g, od, oh, ow);
        float max = float.NegativeInfinity;
        int at = -1;
        for (int kd = w.D0; kd < w.D1; kd++)
            for (int kh = w.H0; kh < w.H1; kh++)
            {
                int row = w.Row(kd, kh);
                for (int kw = w.W0; kw < w.W1; kw++)
                {
                    int i = row + kw * w.Dw;
                    float v = plane[i];
                    if (v > max || float.IsNaN(v) || at < 0)
                    {
                        max = v;
                        at = i;
                    }
                }
            }
        value = max;
        return at;
    }
}
