namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Produces full-resolution rows of a subsampled component as libjpeg-turbo does by default
/// ("fancy" upsampling, jdsample.c): triangular filters for 2:1 horizontal (h2v1), 2:1
/// vertical (h1v2) and both (h2v2), with the edges replicated; plain replication for
/// other integral ratios and for components only one or two samples wide.
/// </summary>
internal sealed class ChromaUpsampler
{
    private enum Kind { Copy, H2V1, H1V2, H2V2, Box }

    private readonly JpegComponent _c;
    private readonly Kind _kind;
    private readonly int _hRatio, _vRatio, _outWidth;
    private readonly byte[] _row;

    public ChromaUpsampler(JpegComponent c, int hMax, int vMax, int outWidth)
    {
        _c = c;
        _hRatio = hMax / c.H;
        _vRatio = vMax / c.V;
        _outWidth = outWidth;
        bool wide = c.Width > 2;
        _kind = (_hRatio, _vRatio) switch
        {
            (1, 1) => Kind.Copy,
            (2, 1) when wide => Kind.H2V1,
            (1, 2) => Kind.H1V2,
            (2, 2) when wide => Kind.H2V2,
            _ => Kind.Box,
        };
        // Fancy upsampling writes 2·Width samples, which can be one more than the image width.
        _row = new byte[Math.Max(outWidth, 2 * c.Width) + 1];
    }

    /// <summary>Samples of output row <paramref name="y"/> (at least the image width).</summary>
    public ReadOnlySpan<byte> Row(int y)
    {
        var c = _c;
        var plane = c.Plane.AsSpan();
        int stride = c.PlaneStride;
        switch (_kind)
        {
            case Kind.Copy:
                return plane.Slice(y * stride, _outWidth);
            case Kind.H2V1:
                H2V1(plane.Slice(y * stride, c.Width), _row);
                return _row;
            case Kind.H1V2:
                {
                    int inRow = y >> 1;
                    bool lower = (y & 1) != 0;
                    var near = plane.Slice(inRow * stride, c.Width);
                    var far = plane.Slice(Neighbour(inRow, lower) * stride, c.Width);
                    int bias = lower ? 2 : 1;
                    for (int x = 0; x < near.Length; x++) _row[x] = (byte)((near[x] * 3 + far[x] + bias) >> 2);
                    return _row;
                }
            case Kind.H2V2:
                {
                    int inRow = y >> 1;
                    bool lower = (y & 1) != 0;
                    H2V2(plane.Slice(inRow * stride, c.Width), plane.Slice(Neighbour(inRow, lower) * stride, c.Width), _row);
                    return _row;
                }
            default:
                {
                    var src = plane.Slice(Math.Min(y / _vRatio, c.Height - 1) * stride, c.Width);
                    for (int x = 0; x < _outWidth; x++) _row[x] = src[Math.Min(x / _hRatio, c.Width - 1)];
                    return _row;
                }
        }
    }

    /// <summary>The row above (upper output row) or below (lower output row), replicated at the edges.</summary>
    private int Neighbour(int inRow, bool lower) => lower ? Math.Min(inRow + 1, _c.Height - 1) : Math.Max(inRow - 1, 0);

    private static void H2V1(ReadOnlySpan<byte> s, Span<byte> o)
    {
        int n = s.Length;
        o[0] = s[0];
        o[1] = (byte)((s[0] * 3 + s[1] + 2) >> 2);
        for (int i = 1; i < n - 1; i++)
        {
            int v = s[i] * 3;
            o[2 * i] = (byte)((v + s[i - 1] + 1) >> 2);
            o[2 * i + 1] = (byte)((v + s[i + 1] + 2) >> 2);
        }
        o[2 * n - 2] = (byte)((s[n - 1] * 3 + s[n - 2] + 1) >> 2);
        o[2 * n - 1] = s[n - 1];
    }

    private static void H2V2(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> o)
    {
        int n = near.Length;
        int prev = near[0] * 3 + far[0];
        int cur = prev;
        int next = near[1] * 3 + far[1];
        o[0] = (byte)((cur * 4 + 8) >> 4);
        o[1] = (byte)((cur * 3 + next + 7) >> 4);
        for (int i = 1; i < n - 1; i++)
        {
            prev = cur;
            cur = next;
            next = near[i + 1] * 3 + far[i + 1];
            o[2 * i] = (byte)((cur * 3 + prev + 8) >> 4);
            o[2 * i + 1] = (byte)((cur * 3 + next + 7) >> 4);
        }
        prev = cur;
        cur = next;
        o[2 * n - 2] = (byte)((cur * 3 + prev + 8) >> 4);
        o[2 * n - 1] = (byte)((cur * 4 + 7) >> 4);
    }
}
