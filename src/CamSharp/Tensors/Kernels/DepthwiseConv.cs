using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Direct depthwise convolution (one kh×kw filter per channel): a GEMM per channel would be
/// 1×(kh·kw)×N, all packing and no compute. Forward copies each input plane once into a
/// zero-padded layout split by phase (<see cref="PhaseLayout"/>), so that every tap of
/// every output row is a contiguous, edge-free vector load; backward works row by row, each
/// tap adding a scaled output-gradient row segment to an input-gradient row segment.
/// </summary>
internal static unsafe class DepthwiseConv
{
    /// <summary>Output rows at most this wide go to <see cref="DepthwiseBlocked"/> first: 16 channels per vector beat a partly filled row vector.</summary>
    private const int BlockedUpToWidth = 8;

    /// <summary>
    /// Without AVX-512, whether <see cref="DepthwiseBlocked256"/> (8 channels per vector) goes before <see cref="Depthwise3x3Rows256"/>:
    /// rows of one or two partly filled vectors lose at stride 1 up to 14 wide, at stride 2 up to 8 outputs wide (one thread,
    /// minimum of 4 runs of <c>conv --cpu --min</c>: mbv2 dw 14 0.130 ms against 0.146, 14/2 0.068 against 0.091, 7 0.058
    /// against 0.072; but 28/2 0.094 against 0.085 and YOLOX's 26/2 0.069 against 0.063, and YOLOX's 13×13 even).
    /// </summary>
    private static bool BlockedFirst256(ConvGeometry g) => g.OutWidth <= (g.StrideWidth == 1 ? 14 : 8);

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes; f is applied to each plane while it is in cache.</summary>
    /// <remarks>
    /// Which kernel, by measured single-thread time on MobileNet's and YOLOX's shapes (bench <c>conv --cpu --only "mbv2 dw"</c>):
    /// 16 channels at a time for 7-wide outputs, one flat run per plane for stride-1 rows under 28, rows with lane shifts above.
    /// </remarks>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation = default)
    {
        if (g.OutWidth <= BlockedUpToWidth && DepthwiseBlocked.Applies(g)) DepthwiseBlocked.Forward(g, x, w, bias, y, activation);
        else if (Depthwise3x3Flat.Applies(g) && g.InWidth < Depthwise3x3Rows.MinStrideOneWidth) Depthwise3x3Flat.Forward(g, x, w, bias, y, activation);
        else if (Depthwise3x3Rows.Applies(g)) Depthwise3x3Rows.Forward(g, x, w, bias, y, activation);
        else if (DepthwiseBlocked.Applies(g)) DepthwiseBlocked.Forward(g, x, w, bias, y, activation);
        // Without AVX-512: AVX2 twins of the above (never on an AVX-512 machine, whose choices stay as they were).
        else if (!Avx512F.IsSupported && BlockedFirst256(g) && DepthwiseBlocked256.Applies(g)) DepthwiseBlocked256.Forward(g, x, w, bias, y, activation);
        else if (!Avx512F.IsSupported && Depthwise3x3Rows256.Applies(g)) Depthwise3x3Rows256.Forward(g, x, w, bias, y, activation);
        else if (!Avx512F.IsSupported && DepthwiseBlocked256.Applies(g)) DepthwiseBlocked256.Forward(g, x, w, bias, y, activation);
        else ForwardPlanes(g, x, w, bias, y, activation);
    }

    /// <summary>As <see cref="Forward"/>, plane by plane through <see cref="PhaseLayout"/> (also where <see cref="DepthwiseBlocked"/> would apply).</summary>
    internal static void ForwardPlanes(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        int planes = g.Batch * g.InChannels;
        var layout = new PhaseLayout(g);
        bool threeByThree = Depthwise3x3.Applies(g);
        CoarseParallel.ForChunks(planes, (long)g.OutSize * g.KernelHeight * g.KernelWidth, (p0, p1) =>
        {
            float* phases = SgemmScratch.PackB(layout.Size + Depthwise3x3.ReadPast);
            // Zeros rather than whatever was there: unused lanes then never hold denormals.
            new Span<float>(phases + layout.Size, Depthwise3x3.ReadPast).Clear();
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                layout.Fill(x + (nint)p * g.InSize, phases);
                float* wc = w + (nint)c * g.KernelHeight * g.KernelWidth, yp = y + (nint)p * g.OutSize;
                float b = bias != null ? bias[c] : 0f;
                if (threeByThree) Depthwise3x3.ForwardPlane(g, layout, phases, wc, b, yp);
                else ForwardPlane(g, layout, phases, wc, b, yp);
                activation.Apply(new Span<float>(y + (nint)p * g.OutSize, g.OutSize));
            }
        });
    }

    /// <summary>dx = gradient of the input planes given dy (overwrites dx).</summary>
    public static void BackwardData(ConvGeometry g, float* dy, float* w, float* dx)
    {
        int planes = g.Batch * g.InChannels;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * g.KernelHeight * g.KernelWidth, (p0, p1) =>
        {
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                new Span<float>(dx + (nint)p * g.InSize, g.InSize).Clear();
                BackwardPlane(g, dy + (nint)p * g.OutSize, w + (nint)c * g.KernelHeight * g.KernelWidth, dx + (nint)p * g.InSize);
            }
        });
    }

    /// <summary>
    /// One output plane from the padded, column-phase-split input: every output row is a run of
    /// vectors, each summed over all taps in a register (bias first, then taps in row-major
    /// order, each product rounded before it is added — the same arithmetic as a scalar loop).
    /// </summary>
    private static void ForwardPlane(ConvGeometry g, in PhaseLayout layout, float* phases, float* w, float bias, float* y)
    {
        int ow = g.OutWidth, kh = g.KernelHeight, kw = g.KernelWidth, taps = kh * kw;
        // Tap t reads its phase row at this offset from the output row's base (column ow + offset).
        nint* tapOffsets = stackalloc nint[taps];
        for (int i = 0; i < kh; i++)
            for (int j = 0; j < kw; j++)
                tapOffsets[i * kw + j] = layout.Offset(i * g.DilationHeight, j * g.DilationWidth);
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* row = phases + (nint)oh * layout.RowStep;
            float* yrow = y + (nint)oh * ow;
            int o = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; o + 16 <= ow; o += 16)
                {
                    var acc = Vector512.Create(bias);
                    for (int t = 0; t < taps; t++) acc += Vector512.Create(w[t]) * Vector512.Load(row + tapOffsets[t] + o);
                    acc.Store(yrow + o);
                }
            for (; o + 8 <= ow; o += 8)
            {
                var acc = Vector256.Create(bias);
                for (int t = 0; t < taps; t++) acc += Vector256.Create(w[t]) * Vector256.Load(row + tapOffsets[t] + o);
                acc.Store(yrow + o);
            }
            for (; o < ow; o++)
            {
                float acc = bias;
                for (int t = 0; t < taps; t++) acc += w[t] * row[tapOffsets[t] + o];
                yrow[o] = acc;
            }
        }
    }

    private static void BackwardPlane(ConvGeometry g, float* dy, float* w, float* dx)
    {
        int ow = g.OutWidth, sw = g.StrideWidth;
        for (int oh = 0; oh < g.OutHeight; oh++)
        {
            float* dyrow = dy + oh * ow;
            for (int i = 0; i < g.KernelHeight; i++)
            {
                int ih = oh * g.StrideHeight - g.PadTop + i * g.DilationHeight;
                if ((uint)ih >= (uint)g.InHeight) continue;
                for (int j = 0; j < g.KernelWidth; j++)
                {
                    int offset = j * g.DilationWidth - g.PadLeft;
                    var (lo, hi) = ConvGeometry.ValidRange(offset, sw, g.InWidth, ow);
                    float wv = w[i * g.KernelWidth + j];
                    float* dxrow = dx + ih * g.InWidth + offset;
                    if (sw == 1)
                    {
                        var dst = new Span<float>(dxrow + lo, hi - lo);
                        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(dyrow + lo, hi - lo), wv, dst, dst);
                    }
                    else
                    {
                        for (int o = lo; o < hi; o++) dxrow[o * sw] += wv * dyrow[o];
                    }
                }
            }
        }
    }
}
