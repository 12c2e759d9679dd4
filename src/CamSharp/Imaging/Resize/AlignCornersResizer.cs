namespace CamSharp.Imaging.Resize;

/// <summary>
/// PyTorch <c>F.interpolate(mode="bilinear", align_corners=True)</c> from one map size to
/// another, with the coefficients and row buffers made once: ScoreCAM resizes hundreds of
/// channels to the input size, and a new map per channel is garbage the GC collects late.
/// </summary>
internal sealed class AlignCornersResizer
{
    private readonly int _sw, _sh;
    private readonly int[] _xi, _yi;
    private readonly float[] _xf, _yf, _r0, _r1;

    public AlignCornersResizer(int sourceWidth, int sourceHeight, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        (_sw, _sh) = (sourceWidth, sourceHeight);
        (_xi, _xf) = FloatResizer.AlignCorners(sourceWidth, width);
        (_yi, _yf) = FloatResizer.AlignCorners(sourceHeight, height);
        (_r0, _r1) = (new float[width], new float[width]);
    }

    /// <summary>Resizes <paramref name="source"/> (source size, row-major) into <paramref name="destination"/>.</summary>
    public void Resize(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length != _sw * _sh) throw new ArgumentException($"source has {source.Length} values, expected {_sw * _sh}", nameof(source));
        if (destination.Length != _xi.Length * _yi.Length) throw new ArgumentException($"destination has {destination.Length} values, expected {_xi.Length * _yi.Length}", nameof(destination));
        FloatResizer.SeparableInto(source, _sw, _sh, destination, _xi, _xf, _yi, _yf, _r0, _r1);
    }
}
