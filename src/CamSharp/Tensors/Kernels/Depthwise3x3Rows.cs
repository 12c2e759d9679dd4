using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The 3×3 depthwise convolution with one pixel of padding, stride 1 or 2 (MobileNet's and
/// YOLOX's), straight from the NCHW planes, one output row at a time. Each of the three input
/// rows is read in aligned-to-the-row blocks of 16 (masked at the row's end, zeros past it and
/// for the padding rows); the left and right neighbours of a block's lanes come from the block
/// before and after by a lane shift (<c>valignd</c>), and at stride 2 the even and odd columns
/// by a two-source permute, so every input float is loaded once per row and no load straddles
/// a plane's rows. No copy of the plane is made.
/// Bias first, then the nine taps in row-major order as fused multiply-adds: the arithmetic of
/// <see cref="Depthwise3x3"/>, so results equal the plane kernel's.
/// </summary>
internal static unsafe class Depthwise3x3Rows
{
    /// <summary>Rows narrower than this, at stride 1, go to <see cref="Depthwise3x3Flat"/>: a partial block per row costs more than a flat run.</summary>
    public const int MinStrideOneWidth = 28;

    public static bool Applies(ConvGeometry g) =>
        Avx512F.IsSupported && g.KernelHeight == 3 && g.KernelWidth == 3
        && g.DilationHeight == 1 && g.DilationWidth == 1 && g.PadTop == 1 && g.PadLeft == 1
        && ((g.StrideHeight == 1 && g.StrideWidth == 1 && g.OutHeight == g.InHeight && g.OutWidth == g.InWidth)
            || (g.StrideHeight == 2 && g.StrideWidth == 2 && g.OutHeight == (g.InHeight + 1) / 2 && g.OutWidth == (g.InWidth + 1) / 2));

    /// <summary>y = f(depthwise(x, w) + bias) over all Batch × Channels planes, in parallel over planes.</summary>
    public static void Forward(ConvGeometry g, float* x, float* w, float* bias, float* y, Activation activation)
    {
        int planes = g.Batch * g.InChannels;
        bool stride1 = g.StrideWidth == 1;
        // The padding rows above and below a plane: zeros as long as the longest row read.
        int zeros = (g.InWidth + 15) / 16 * 16 + 32;
        CoarseParallel.ForChunks(planes, (long)g.OutSize * 9 + g.InSize, (p0, p1) =>
        {
            float* zero = SgemmScratch.PackB(zeros);
            new Span<float>(zero, zeros).Clear();
            var (lo, hi) = DepthwiseEpilogue.Bounds(activation);
            for (int p = p0; p < p1; p++)
            {
                int c = p % g.InChannels;
                float* plane = x + (nint)p * g.InSize, yp = y + (nint)p * g.OutSize, wc = w + (nint)c * 9;
                float b = bias != null ? bias[c] : 0f;
                switch (activation.Kind)
                {
                    case ActivationKind.None: Plane<NoActivation>(g, stride1, plane, zero, wc, b, yp, lo, hi); break;
                    case ActivationKind.Silu: Plane<SiluActivation>(g, stride1, plane, zero, wc, b, yp, lo, hi); break;
                    default: Plane<ClampActivation>(g, stride1, plane, zero, wc, b, yp, lo, hi); break;
                }
            }
        });
    }

    private static void Plane<TActivation>(ConvGeometry g, bool stride1, float* plane, float* zero, float* w, float bias, float* y,
        Vector512<float> lo, Vector512<float> hi) where TActivation : struct, IVectorActivation
    {
        var taps = new Taps(w, bias);
        int width = g.InWidth, height = g.InHeight, ow = g.OutWidth;
        for (int r = 0; r < g.OutHeight; r++)
        {
            int center = stride1 ? r : 2 * r;
            float* up = center > 0 ? plane + (nint)(center - 1) * width : zero;
            float* mid = plane + (nint)center * width;
            float* down = center + 1 < height ? plane + (nint)(center + 1) * width : zero;
            if (stride1) Row1<TActivation>(up, mid, down, width, taps, y + (nint)r * ow, lo, hi);
            else Row2<TActivation>(up, mid, down, width, ow, taps, y + (nint)r * ow, lo, hi);
        }
    }

    /// <summary>One output row at stride 1: block k's lanes are columns 16k … 16k + 15 of the three input rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row1<TActivation>(float* up, float* mid, float* down, int width, in Taps t, float* y, Vector512<float> lo, Vector512<float> hi)
        where TActivation : struct, IVectorActivation
    {
        Vector512<float> upPrev = default, midPrev = default, downPrev = default;
        var upCur = Block(up, 0, width);
        var midCur = Block(mid, 0, width);
        var downCur = Block(down, 0, width);
        int q = 0;
        // While the next block is whole, plain loads; then the row's end, masked.
        for (; q + 32 <= width; q += 16)
        {
            var upNext = Vector512.Load(up + q + 16);
            var midNext = Vector512.Load(mid + q + 16);
            var downNext = Vector512.Load(down + q + 16);
            var acc = Sum(t, upPrev, upCur, upNext, midPrev, midCur, midNext, downPrev, downCur, downNext);
            TActivation.Apply(acc, lo, hi).Store(y + q);
            (upPrev, upCur) = (upCur, upNext);
            (midPrev, midCur) = (midCur, midNext);
            (downPrev, downCur) = (downCur, downNext);
        }
        for (; q < width; q += 16)
        {
            var upNext = Block(up, q + 16, width);
            var midNext = Block(mid, q + 16, width);
            var downNext = Block(down, q + 16, width);
            var acc = Sum(t, upPrev, upCur, upNext, midPrev, midCur, midNext, downPrev, downCur, downNext);
            DepthwiseEpilogue.Store(TActivation.Apply(acc, lo, hi), y, q, width);
            (upPrev, upCur) = (upCur, upNext);
            (midPrev, midCur) = (midCur, midNext);
            (downPrev, downCur) = (downCur, downNext);
        }
    }

    /// <summary>Bias, then the nine taps in row-major order, for the 16 lanes of the current blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sum(in Taps t, Vector512<float> upPrev, Vector512<float> up, Vector512<float> upNext,
        Vector512<float> midPrev, Vector512<float> mid, Vector512<float> midNext,
        Vector512<float> downPrev, Vector512<float> down, Vector512<float> downNext)
    {
        var acc = Vector512.FusedMultiplyAdd(t.W0, Left(up, upPrev), t.Bias);
        acc = Vector512.FusedMultiplyAdd(t.W1, up, acc);
        acc = Vector512.FusedMultiplyAdd(t.W2, Right(up, upNext), acc);
        acc = Vector512.FusedMultiplyAdd(t.W3, Left(mid, midPrev), acc);
        acc = Vector512.FusedMultiplyAdd(t.W4, mid, acc);
        acc = Vector512.FusedMultiplyAdd(t.W5, Right(mid, midNext), acc);
        acc = Vector512.FusedMultiplyAdd(t.W6, Left(down, downPrev), acc);
        acc = Vector512.FusedMultiplyAdd(t.W7, down, acc);
        return Vector512.FusedMultiplyAdd(t.W8, Right(down, downNext), acc);
    }

    /// <summary>
    /// One output row at stride 2: outputs 16k … 16k + 15 read input columns 32k − 1 … 32k + 31;
    /// the even columns are the centre taps, the odd ones the right taps, and the odd ones shifted
    /// one lane (the last odd column of the block before) the left taps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row2<TActivation>(float* up, float* mid, float* down, int width, int ow, in Taps t, float* y,
        Vector512<float> lo, Vector512<float> hi) where TActivation : struct, IVectorActivation
    {
        var evens = EvenOdd.Evens;
        var odds = EvenOdd.Odds;
        Vector512<float> upOddPrev = default, midOddPrev = default, downOddPrev = default;
        for (int q = 0; q < ow; q += 16)
        {
            int i = 2 * q;
            Split(up, i, width, evens, odds, out var upEven, out var upOdd);
            Split(mid, i, width, evens, odds, out var midEven, out var midOdd);
            Split(down, i, width, evens, odds, out var downEven, out var downOdd);
            var acc = Vector512.FusedMultiplyAdd(t.W0, Left(upOdd, upOddPrev), t.Bias);
            acc = Vector512.FusedMultiplyAdd(t.W1, upEven, acc);
            acc = Vector512.FusedMultiplyAdd(t.W2, upOdd, acc);
            acc = Vector512.FusedMultiplyAdd(t.W3, Left(midOdd, midOddPrev), acc);
            acc = Vector512.FusedMultiplyAdd(t.W4, midEven, acc);
            acc = Vector512.FusedMultiplyAdd(t.W5, midOdd, acc);
            acc = Vector512.FusedMultiplyAdd(t.W6, Left(downOdd, downOddPrev), acc);
            acc = Vector512.FusedMultiplyAdd(t.W7, downEven, acc);
            acc = Vector512.FusedMultiplyAdd(t.W8, downOdd, acc);
            DepthwiseEpilogue.Store(TActivation.Apply(acc, lo, hi), y, q, ow);
            upOddPrev = upOdd;
            midOddPrev = midOdd;
            downOddPrev = downOdd;
        }
    }

    /// <summary>Columns <paramref name="i"/> … <paramref name="i"/> + 31 of a row, split into the even and the odd ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split(float* row, int i, int width, Vector512<int> evens, Vector512<int> odds, out Vector512<float> even, out Vector512<float> odd)
    {
        var a = Block(row, i, width);
        var b = Block(row, i + 16, width);
        even = Avx512F.PermuteVar16x32x2(a, evens, b);
        odd = Avx512F.PermuteVar16x32x2(a, odds, b);
    }

    /// <summary>Columns <paramref name="i"/> … <paramref name="i"/> + 15 of a row; zeros past its end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Block(float* row, int i, int width)
    {
        if (i + 16 <= width) return Vector512.Load(row + i);
        if (i >= width) return Vector512<float>.Zero;
        var mask = Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(width - i)).AsSingle();
        return Avx512F.MaskLoad(row + i, mask, Vector512<float>.Zero);
    }

    /// <summary>Each lane's left neighbour: the block's lanes moved up one, the previous block's last lane first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Left(Vector512<float> block, Vector512<float> previous) =>
        Avx512F.AlignRight32(block.AsInt32(), previous.AsInt32(), 15).AsSingle();

    /// <summary>Each lane's right neighbour: the block's lanes moved down one, the next block's first lane last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Right(Vector512<float> block, Vector512<float> next) =>
        Avx512F.AlignRight32(next.AsInt32(), block.AsInt32(), 1).AsSingle();

    /// <summary>A channel's nine weights and its bias, each broadcast to a vector.</summary>
    private readonly struct Taps(float* w, float bias)
    {
        public readonly Vector512<float> W0 = Vector512.Create(w[0]), W1 = Vector512.Create(w[1]), W2 = Vector512.Create(w[2]);
        public readonly Vector512<float> W3 = Vector512.Create(w[3]), W4 = Vector512.Create(w[4]), W5 = Vector512.Create(w[5]);
        public readonly Vector512<float> W6 = Vector512.Create(w[6]), W7 = Vector512.Create(w[7]), W8 = Vector512.Create(w[8]);
        public readonly Vector512<float> Bias = Vector512.Create(bias);
    }
}
