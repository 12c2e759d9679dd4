using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Where the lanes of a vector of consecutive wide columns (rows of RowStep, the first OutWidth
/// of each an output pixel) go in an output plane: a run of output pixels in one row is one
/// masked store; lanes across the gap between rows are compress-stored, packed together, which
/// is where they belong because output pixels are the wide columns in order with the gaps left out.
/// </summary>
internal readonly unsafe struct PixelPlacement
{
    private readonly nint _offset;
    private readonly uint _bits;
    private readonly bool _run;
    private readonly Vector512<float> _mask;

    /// <summary>The placement of wide columns [<paramref name="from"/>, <paramref name="from"/> + <paramref name="lanes"/>) of <paramref name="wide"/>.</summary>
    public PixelPlacement(long from, int lanes, long wide, int rowStep, int outWidth)
    {
        uint bits = 0;
        for (int lane = 0; lane < lanes; lane++)
        {
            long column = from + lane;
            if (column < wide && column % rowStep < outWidth) bits |= 1u << lane;
        }
        long oh = from / rowStep;
        int ow = (int)(from - oh * rowStep);
        // Output index of the first output lane: of this row, or the next row's first pixel when the tile starts in a gap.
        _offset = (nint)(oh * outWidth + Math.Min(ow, outWidth));
        int first = bits == 0 ? 0 : BitOperations.TrailingZeroCount(bits);
        // One run of lanes (first … last all output pixels) is a plain masked store, shifted back by the lanes before it.
        _run = bits != 0 && ((bits >> first) & ((bits >> first) + 1)) == 0;
        if (_run) _offset -= first;
        _bits = bits;
        var masks = stackalloc float[16];
        for (int lane = 0; lane < 16; lane++) masks[lane] = (bits >> lane & 1) != 0 ? BitConverter.Int32BitsToSingle(-1) : 0f;
        _mask = Vector512.Load(masks);
    }

    /// <summary>The output lanes of <paramref name="value"/> into <paramref name="plane"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Put(float* plane, Vector512<float> value)
    {
        if (_run) Avx512F.MaskStore(plane + _offset, _mask, value);
        else if (_bits != 0) Avx512F.CompressStore(plane + _offset, _mask, value);
    }
}
