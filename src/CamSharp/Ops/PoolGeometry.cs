using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The pooling attributes shared by MaxPool and AveragePool (kernel_shape, strides, pads,
/// auto_pad, dilations, ceil_mode), read once per node with the spec's defaults.
/// </summary>
internal sealed class PoolAttributes
{
    private readonly Node _node;

    public PoolAttributes(Node node)
    {
        _node = node;
        var a = node.Attributes;
        Kernel = a.GetInts("kernel_shape") ?? throw Error("attribute 'kernel_shape' is required.");
        Strides = a.GetInts("strides");
        Pads = a.GetInts("pads");
        Dilations = a.GetInts("dilations");
        AutoPad = a.GetString("auto_pad", "NOTSET");
        CeilMode = a.GetInt("ceil_mode", 0) != 0;
        if (AutoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
            throw Error($"auto_pad '{AutoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
        int r = Kernel.Length;
        if (r is < 1 or > PoolGeometry.MaxSpatialRank)
            throw Error($"kernel_shape has {r} dims; 1 to {PoolGeometry.MaxSpatialRank} spatial dims are supported.");
        CheckLength(Strides, r, "strides");
        CheckLength(Dilations, r, "dilations");
        CheckLength(Pads, 2 * r, "pads");
        foreach (long k in Kernel) if (k < 1) throw Error($"kernel_shape [{string.Join(", ", Kernel)}] must be positive.");
        if (Strides is not null) foreach (long s in Strides) if (s < 1) throw Error($"strides [{string.Join(", ", Strides)}] must be positive.");
        if (Dilations is not null) foreach (long d in Dilations) if (d < 1) throw Error($"dilations [{string.Join(", ", Dilations)}] must be positive.");
        if (Pads is not null) foreach (long p in Pads) if (p < 0) throw Error($"pads [{string.Join(", ", Pads)}] must not be negative.");
        // As ONNX Runtime requires: a window wholly inside the padding would have nothing to pool.
        if (Pads is not null)
            for (int i = 0; i < r; i++)
                if (Pads[i] >= Kernel[i] || Pads[i + r] >= Kernel[i])
                    throw Error($"pads [{string.Join(", ", Pads)}] must be smaller than kernel_shape [{string.Join(", ", Kernel)}].");
        foreach (var (values, name) in new[] { (Kernel, "kernel_shape"), (Strides, "strides"), (Dilations, "dilations") })
            if (values is not null && values.Any(v => v > int.MaxValue / 2))
                throw Error($"{name} [{string.Join(", ", values)}] is too large.");
    }

    public long[] Kernel { get; }
    public long[]? Strides { get; }
    public long[]? Pads { get; }
    public long[]? Dilations { get; }
    public string AutoPad { get; }
    public bool CeilMode { get; }

    /// <summary>Resolves the window geometry for an input of shape (N, C, spatial...).</summary>
    public PoolGeometry Resolve(int[] shape)
    {
        int r = Kernel.Length;
        if (shape.Length != r + 2)
            throw Error($"input has shape [{ShapeUtil.Format(shape)}] ({shape.Length} dims), but kernel_shape [{string.Join(", ", Kernel)}] needs {r + 2} dims (N, C, spatial).");
        var g = new PoolGeometry(shape[0] * shape[1]);
        int offset = PoolGeometry.MaxSpatialRank - r; // leading unused dims stay 1 with a unit kernel
        for (int i = 0; i < r; i++)
        {
            int input = shape[i + 2], k = (int)Kernel[i];
            int s = (int)(Strides?[i] ?? 1), d = (int)(Dilations?[i] ?? 1);
            int extent = (k - 1) * d + 1;
            int begin, end, output;
            if (AutoPad is "SAME_UPPER" or "SAME_LOWER")
            {
                // Spec: output = ceil(in / stride), padding split with the odd one at the end (UPPER) or start (LOWER).
                output = (input + s - 1) / s;
                int total = Math.Max(0, (output - 1) * s + extent - input);
                begin = AutoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                end = total - begin;
            }
            else
            {
                begin = AutoPad == "VALID" ? 0 : (int)(Pads?[i] ?? 0);
                end = AutoPad == "VALID" ? 0 : (int)(Pads?[i + r] ?? 0);
                output = OutputSize(input, begin, end, extent, s, CeilMode);
            }
            if (output < 1)
                throw Error($"spatial dim {i} of size {input} with pads ({begin}, {end}) is smaller than the kernel extent {extent}.");
            g.SetDim(offset + i, input, output, k, s, d, begin, end);
        }
        g.Build();
        var outShape = new int[r + 2];
        outShape[0] = shape[0];
        outShape[1] = shape[1];
        for (int i = 0; i < r; i++) outShape[i + 2] = g.Out[offset + i];
        g.OutputShape = outShape;
        return g;
    }

    /// <summary>
    /// floor/ceil((in + pads − extent) / stride) + 1; with ceil_mode a last window that would
    /// start in the end padding is dropped, as PyTorch and ONNX Runtime do.
    /// </summary>
    public static int OutputSize(int input, int padBegin, int padEnd, int extent, int stride, bool ceilMode)
    {
        int span = input + padBegin + padEnd - extent;
        if (span < 0) return 0;
        int output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= input + padBegin) output--;
        return output;
    }

    private void CheckLength(long[]? values, int expected, string name)
    {
        if (values is not null && values.Length != expected)
            throw Error($"{name} has {values.Length} values, expected {expected} for kernel_shape [{string.Join(", ", Kernel)}].");
    }

    private ModelException Error(string message) => new($"{_node}: {message}");
}

/// <summary>
/// Resolved window geometry, always as three spatial dims (D, H, W) so one kernel serves
/// 1-D, 2-D and 3-D pooling. For every output index of every dim it holds the window start
/// and the range of kernel taps that fall inside the input (<see cref="First"/>..<see cref="Last"/>)
/// or inside the padded input (0..<see cref="PaddedLast"/>, for count_include_pad).
/// </summary>
internal sealed class PoolGeometry
{
    public const int MaxSpatialRank = 3;

    public PoolGeometry(int planes)
    {
        Planes = planes;
        for (int d = 0; d < MaxSpatialRank; d++) SetDim(d, 1, 1, 1, 1, 1, 0, 0);
    }

    public int Planes { get; }
    public int[] OutputShape { get; set; } = [];
    public int[] In { get; } = new int[MaxSpatialRank];
    public int[] Out { get; } = new int[MaxSpatialRank];
    public int[] Kernel { get; } = new int[MaxSpatialRank];
    public int[] Stride { get; } = new int[MaxSpatialRank];
    public int[] Dilation { get; } = new int[MaxSpatialRank];
    public int[] PadBegin { get; } = new int[MaxSpatialRank];
    public int[] PadEnd { get; } = new int[MaxSpatialRank];

    /// <summary>Per dim, per output index: input position of kernel tap 0 (may be negative).</summary>
    public int[][] Start { get; } = new int[MaxSpatialRank][];
    /// <summary>Per dim, per output index: first kernel tap inside the input.</summary>
    public int[][] First { get; } = new int[MaxSpatialRank][];
    /// <summary>Per dim, per output index: one past the last kernel tap inside the input.</summary>
    public int[][] Last { get; } = new int[MaxSpatialRank][];
    /// <summary>Per dim, per output index: one past the last kernel tap inside the padded input.</summary>
    public int[][] PaddedLast { get; } = new int[MaxSpatialRank][];

    public int InPlane => In[0] * In[1] * In[2];
    public int OutPlane => Out[0] * Out[1] * Out[2];
    public int KernelSize => Kernel[0] * Kernel[1] * Kernel[2];

    public void SetDim(int d, int input, int output, int kernel, int stride, int dilation, int padBegin, int padEnd)
    {
        In[d] = input;
        Out[d] = output;
        Kernel[d] = kernel;
        Stride[d] = stride;
        Dilation[d] = dilation;
        PadBegin[d] = padBegin;
        PadEnd[d] = padEnd;
    }

    /// <summary>Fills the per-output tap tables from the dims.</summary>
    public void Build()
    {
        for (int d = 0; d < MaxSpatialRank; d++)
        {
            int n = Out[d], k = Kernel[d], dil = Dilation[d];
            var start = Start[d] = new int[n];
            var first = First[d] = new int[n];
            var last = Last[d] = new int[n];
            var padded = PaddedLast[d] = new int[n];
            for (int o = 0; o < n; o++)
            {
                int s = o * Stride[d] - PadBegin[d];
                start[o] = s;
                first[o] = Math.Min(k, s >= 0 ? 0 : CeilDiv(-s, dil));
                last[o] = Math.Max(first[o], TapsBelow(In[d] - s, dil, k));
                padded[o] = TapsBelow(In[d] + PadEnd[d] - s, dil, k);
            }
        }
    }

    /// <summary>Number of taps t in [0, k) with t·dil &lt; limit.</summary>
    private static int TapsBelow(int limit, int dil, int k) => limit <= 0 ? 0 : Math.Min(k, CeilDiv(limit, dil));

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}

/// <summary>The in-input taps of one output position and how to address them in a plane.</summary>
internal readonly struct PoolWindow(PoolGeometry g, int od, int oh, int ow)
{
    public readonly int D0 = g.First[0][od], D1 = g.Last[0][od];
    public readonly int H0 = g.First[1][oh], H1 = g.Last[1][oh];
    public readonly int W0 = g.First[2][ow], W1 = g.Last[2][ow];
    public readonly int Dw = g.Dilation[2];
    private readonly int _sd = g.Start[0][od], _sh = g.Start[1][oh], _sw = g.Start[2][ow];
    private readonly int _dd = g.Dilation[0], _dh = g.Dilation[1], _h = g.In[1], _w = g.In[2];

    /// <summary>Plane offset of tap (kd, kh, 0); add kw · <see cref="Dw"/> for tap kw.</summary>
    public int Row(int kd, int kh) => ((_sd + kd * _dd) * _h + _sh + kh * _dh) * _w + _sw;
}
