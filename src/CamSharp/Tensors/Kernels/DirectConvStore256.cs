using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Where one <see cref="DirectConvTile256"/>'s three vectors of wide columns go in an output
/// plane, on AVX2 (which has no compress-store): a vector whose 8 columns are all output pixels
/// of one row is stored as it is; one that crosses the RowStep − OutWidth columns between rows
/// (or runs past the last row) has its output lanes moved to the front by a lane permute and
/// stored under a mask of that many lanes. That is exactly where they belong, because output
/// pixels are the wide columns in order with the gaps left out.
/// </summary>
internal unsafe struct DirectConvStore256
{
    private nint _offset0, _offset1, _offset2;
    private uint _bits0, _bits1, _bits2;
    private Vector256<int> _order0, _order1, _order2;
    private Vector256<float> _mask0, _mask1, _mask2;
    private bool _clamp;
    private Vector256<float> _lo, _hi;

    /// <summary>The placement of wide columns [from, from + 24) of <paramref name="wide"/>, rows of <paramref name="rowStep"/> holding <paramref name="outWidth"/> pixels each.</summary>
    public DirectConvStore256(long from, long wide, int rowStep, int outWidth, Activation activation)
    {
        (_offset0, _bits0, _order0, _mask0) = Vector(from, wide, rowStep, outWidth);
        (_offset1, _bits1, _order1, _mask1) = Vector(from + 8, wide, rowStep, outWidth);
        (_offset2, _bits2, _order2, _mask2) = Vector(from + 16, wide, rowStep, outWidth);
        (_clamp, float lo, float hi) = activation.Kind switch
        {
            ActivationKind.Relu => (true, 0f, float.PositiveInfinity),
            ActivationKind.Clip => (true, activation.Lo, activation.Hi),
            _ => (false, 0f, 0f),
        };
        _lo = Vector256.Create(lo);
        _hi = Vector256.Create(hi);
    }

    /// <summary>
    /// Offset in the plane of the vector's first output lane; which lanes are output pixels; the
    /// permute that moves them to the front, in order; the mask of as many leading lanes.
    /// </summary>
    private static (nint Offset, uint Bits, Vector256<int> Order, Vector256<float> Mask) Vector(long start, long wide, int rowStep, int outWidth)
    {
        long oh = start / rowStep;
        int ow = (int)(start - oh * rowStep);
        nint offset = (nint)(oh * outWidth + Math.Min(ow, outWidth));
        uint bits = 0;
        for (int lane = 0; lane < 8; lane++)
        {
            long column = start + lane;
            if (column < wide && column % rowStep < outWidth) bits |= 1u << lane;
        }
        var order = stackalloc int[8];
        var mask = stackalloc int[8];
        int count = 0;
        for (int lane = 0; lane < 8; lane++)
            if ((bits >> lane & 1) != 0) order[count++] = lane;
        for (int lane = 0; lane < 8; lane++)
        {
            if (lane >= count) order[lane] = lane;
            mask[lane] = lane < count ? -1 : 0;
        }
        return (offset, bits, Vector256.Load(order), Vector256.Load(mask).AsSingle());
    }

    /// <summary>One channel's three vectors into its plane, after Relu or Clip when that is the activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Put(float* plane, Vector256<float> a0, Vector256<float> a1, Vector256<float> a2)
    {
        if (_clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            a0 = Avx.Min(_hi, Avx.Max(_lo, a0));
            a1 = Avx.Min(_hi, Avx.Max(_lo, a1));
            a2 = Avx.Min(_hi, Avx.Max(_lo, a2));
        }
        One(plane + _offset0, _bits0, _order0, _mask0, a0);
        One(plane + _offset1, _bits1, _order1, _mask1, a1);
        One(plane + _offset2, _bits2, _order2, _mask2, a2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One(float* dst, uint bits, Vector256<int> order, Vector256<float> mask, Vector256<float> value)
    {
        if (bits == 0xFF) value.Store(dst);
        else if (bits != 0) Avx.MaskStore(dst, mask, Avx2.PermuteVar8x32(value, order));
    }
}
