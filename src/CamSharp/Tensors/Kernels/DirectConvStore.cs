using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Where one <see cref="DirectConvTile"/>'s three vectors of wide columns go in an output
/// plane: a vector whose 16 columns are all output pixels of one row is stored as it is; one
/// that crosses the RowStep − OutWidth columns between rows (or runs past the last row) is
/// compress-stored, its output lanes packed together, which is exactly where they belong
/// because output pixels are the wide columns in order with the gaps left out.
/// </summary>
internal unsafe struct DirectConvStore
{
    /// <summary>The first output channel's plane of this tile, planes <see cref="PlaneSize"/> apart; channels stored.</summary>
    public float* Output;
    public nint PlaneSize;
    public int Rows;

    private nint _offset0, _offset1, _offset2;
    private uint _bits0, _bits1, _bits2;
    private Vector512<float> _mask0, _mask1, _mask2;
    private bool _clamp;
    private Vector512<float> _lo, _hi;

    /// <summary>The placement of wide columns [from, from + 48) of <paramref name="wide"/>, rows of <paramref name="rowStep"/> holding <paramref name="outWidth"/> pixels each.</summary>
    public DirectConvStore(long from, long wide, int rowStep, int outWidth, Activation activation)
    {
        (_offset0, _bits0, _mask0) = Vector(from, wide, rowStep, outWidth);
        (_offset1, _bits1, _mask1) = Vector(from + 16, wide, rowStep, outWidth);
        (_offset2, _bits2, _mask2) = Vector(from + 32, wide, rowStep, outWidth);
        (_clamp, float lo, float hi) = activation.Kind switch
        {
            ActivationKind.Relu => (true, 0f, float.PositiveInfinity),
            ActivationKind.Clip => (true, activation.Lo, activation.Hi),
            _ => (false, 0f, 0f),
        };
        _lo = Vector512.Create(lo);
        _hi = Vector512.Create(hi);
    }

    /// <summary>Offset in the plane of the vector's first output lane, which lanes are output pixels (bits and lane mask).</summary>
    private static (nint Offset, uint Bits, Vector512<float> Mask) Vector(long start, long wide, int rowStep, int outWidth)
    {
        long oh = start / rowStep;
        int ow = (int)(start - oh * rowStep);
        nint offset = (nint)(oh * outWidth + Math.Min(ow, outWidth));
        uint bits = 0;
        for (int lane = 0; lane < 16; lane++)
        {
            long column = start + lane;
            if (column < wide && column % rowStep < outWidth) bits |= 1u << lane;
        }
        var mask = Vector512.Create(
            Lane(bits, 0), Lane(bits, 1), Lane(bits, 2), Lane(bits, 3), Lane(bits, 4), Lane(bits, 5), Lane(bits, 6), Lane(bits, 7),
            Lane(bits, 8), Lane(bits, 9), Lane(bits, 10), Lane(bits, 11), Lane(bits, 12), Lane(bits, 13), Lane(bits, 14), Lane(bits, 15));
        return (offset, bits, mask);
    }

    private static float Lane(uint bits, int lane) => (bits >> lane & 1) != 0 ? BitConverter.Int32BitsToSingle(-1) : 0f;

    /// <summary>One channel's three vectors into its plane, after Relu or Clip when that is the activation.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Put(float* plane, Vector512<float> a0, Vector512<float> a1, Vector512<float> a2)
    {
        if (_clamp)
        {
            // lo and hi first: Max and Min return their second operand when one is NaN.
            a0 = Avx512F.Min(_hi, Avx512F.Max(_lo, a0));
            a1 = Avx512F.Min(_hi, Avx512F.Max(_lo, a1));
            a2 = Avx512F.Min(_hi, Avx512F.Max(_lo, a2));
        }
        One(plane + _offset0, _bits0, _mask0, a0);
        One(plane + _offset1, _bits1, _mask1, a1);
        One(plane + _offset2, _bits2, _mask2, a2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One(float* dst, uint bits, Vector512<float> mask, Vector512<float> value)
    {
        if (bits == 0xFFFF) value.Store(dst);
        else if (bits != 0) Avx512F.CompressStore(dst, mask, value);
    }
}
