using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>
/// A video map drawn over the clip's own frames: frame f's map (rows [f·H, (f+1)·H) of the
/// W × T·H strip) over frame f as the network saw it, the frames stacked top to bottom with
/// no gap — the layout of a map drawn from a clip tensor, with the photos under it.
/// </summary>
public static class ClipStrip
{
    public static RgbImage Draw(IReadOnlyList<PreparedInput> frames, FloatMap strip, ColorMap colorMap, float imageWeight)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(strip);
        if (frames.Count == 0 || strip.Height % frames.Count != 0)
            throw new ArgumentException($"A {strip.Width}x{strip.Height} map strip does not split into {frames.Count} frames.", nameof(strip));
        int w = strip.Width, h = strip.Height / frames.Count;
        var canvas = new RgbImage(w, strip.Height);
        for (int f = 0; f < frames.Count; f++)
        {
            var net = frames[f].NetworkImage;
            if (net.Width != w || net.Height != h)
                throw new ArgumentException($"Frame {f} is {net.Width}x{net.Height}; the map's frames are {w}x{h}.", nameof(frames));
            var map = new FloatMap(w, h, strip.Data.AsSpan(f * w * h, w * h).ToArray());
            var overlay = HeatmapOverlay.ShowCamOnImage(net, map, colorMap, imageWeight);
            overlay.Pixels.CopyTo(canvas.Pixels.AsSpan(f * w * h * 3));
        }
        return canvas;
    }
}
