namespace CamSharp.Explain;

/// <summary>
/// Resizes a D×H×W volume (a video CAM) separably with linear interpolation, mapping the
/// first and last samples of each axis onto each other as <c>scipy.ndimage.zoom</c> does
/// (pytorch-grad-cam's 3-D branch). zoom interpolates with cubic splines by default; linear
/// weights keep the map inside [0, 1] without the spline's overshoot.
/// </summary>
public static class VolumeResize
{
    public static float[] Linear(float[] volume, int depth, int height, int width, int toDepth, int toHeight, int toWidth)
    {
        if (volume.Length != depth * height * width)
            throw new ArgumentException($"volume has {volume.Length} values, expected {depth}×{height}×{width}", nameof(volume));
        var v = Axis(volume, depth * height, width, 1, toWidth);                 // along W
        v = Axis(v, depth, height, toWidth, toHeight);                           // along H
        return Axis(v, 1, depth, toHeight * toWidth, toDepth);                   // along D
    }

    /// <summary>Resamples the middle axis of an outer × n × inner array to <paramref name="to"/> samples.</summary>
    private static float[] Axis(float[] src, int outer, int n, int inner, int to)
    {
        if (n == to) return src;
        var dst = new float[outer * to * inner];
        for (int j = 0; j < to; j++)
        {
            double pos = to == 1 ? 0 : (double)j * (n - 1) / (to - 1);
            int i0 = System.Math.Min((int)pos, n - 1), i1 = System.Math.Min(i0 + 1, n - 1);
            float t = (float)(pos - i0);
            for (int o = 0; o < outer; o++)
            {
                int a = (o * n + i0) * inner, b = (o * n + i1) * inner, d = (o * to + j) * inner;
                for (int k = 0; k < inner; k++) dst[d + k] = src[a + k] + t * (src[b + k] - src[a + k]);
            }
        }
        return dst;
    }
}
