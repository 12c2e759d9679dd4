using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>
/// A video clip prepared for a model: the 1×3×T×H×W tensor and each frame as prepared (the
/// image as given and as the network saw it), for drawing the maps over the real frames.
/// </summary>
public sealed record PreparedClip(Tensor Tensor, IReadOnlyList<PreparedInput> Frames)
{
    /// <summary>
    /// Each frame prepared as an image of <paramref name="height"/>×<paramref name="width"/>
    /// (<see cref="Preprocessor.Prepare"/>), then put at its place on the time axis: channel c of
    /// frame t is the tensor's [0, c, t].
    /// </summary>
    public static PreparedClip Prepare(IReadOnlyList<RgbImage> frames, int height, int width, PreprocessOptions options)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0) throw new ArgumentException("A clip needs at least one frame.", nameof(frames));
        var prepared = frames.Select(f => Preprocessor.Prepare(f, height, width, options)).ToArray();
        int t = prepared.Length, plane = height * width;
        var data = new float[3 * t * plane];
        for (int f = 0; f < t; f++)
        {
            var source = prepared[f].Tensor.Floats;
            for (int c = 0; c < 3; c++)
                source.Slice(c * plane, plane).CopyTo(data.AsSpan((c * t + f) * plane, plane));
        }
        return new PreparedClip(Tensor.FromFloats(data, 1, 3, t, height, width), prepared);
    }
}
