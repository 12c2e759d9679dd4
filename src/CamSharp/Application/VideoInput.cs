using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// What a video model (image input N×C×T×H×W, torchvision's r3d_18, s3d, mvit) takes: T frames
/// of H×W per clip. T is the model's when it declares one, else the caller's; frames given
/// are cut into clips of T, and a count that is not a whole number of clips is refused rather
/// than padded or cut, so no frame is ever repeated or dropped silently.
/// </summary>
public sealed record VideoInput(int? DeclaredFrames, int Height, int Width, bool FixedSize)
{
    /// <summary>torchvision's video classifiers' frame size, used when the export leaves H and W dynamic.</summary>
    public const int UsualSide = 112;

    /// <summary>The model's clip shape, or null when its image input is not 5-D.</summary>
    public static VideoInput? Of(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Input.Shape is not [_, _, var t, var h, var w]) return null;
        return new VideoInput(t > 0 ? t : null, h > 0 ? h : UsualSide, w > 0 ? w : UsualSide, h > 0 && w > 0);
    }

    /// <summary>The frame size: the model's when it fixes one (another one asked for is refused), else the one asked for, else <see cref="UsualSide"/>.</summary>
    public (int Height, int Width) SizeFor(string source, (int Height, int Width)? requested)
    {
        if (requested is not { } r) return (Height, Width);
        if (r.Height <= 0 || r.Width <= 0) throw new InputException($"An input size needs two positive numbers; got {r.Height}x{r.Width}.") { Parameter = "InputSize" };
        if (FixedSize && r != (Height, Width))
            throw new InputException($"{source} takes frames of {Height}x{Width} only; {r.Height}x{r.Width} was asked for.") { Parameter = "InputSize" };
        return r;
    }

    /// <summary>"8×112×112" (T×H×W), or "T×112×112" when T is dynamic.</summary>
    public string Describe() => $"{DeclaredFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "T"}×{Height}×{Width}";

    /// <summary>
    /// Frames per clip: the model's T; <paramref name="requested"/> must agree with it, and
    /// gives T when the model leaves it dynamic.
    /// </summary>
    public int FramesPerClip(string source, int? requested)
    {
        if (requested is <= 0) throw new InputException($"A clip needs a positive number of frames; got {requested}.") { Parameter = "Frames" };
        if (DeclaredFrames is int t)
            return requested is int r && r != t
                ? throw new InputException($"{source} takes clips of {t} frames only; {r} were asked for.") { Parameter = "Frames" }
                : t;
        return requested ?? throw new InputException($"{source} is a video model whose frame count is dynamic: give the number of frames per clip.") { Parameter = "Frames" };
    }

    /// <summary>
    /// <paramref name="frames"/> cut into consecutive clips of <paramref name="perClip"/>, in the
    /// order given. Fewer frames than one clip, or a count that leaves a partial clip, is refused
    /// with both numbers.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<T>> Clips<T>(string source, IReadOnlyList<T> frames, int perClip)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(perClip, 1);
        if (frames.Count < perClip)
            throw new InputException($"{source} is a video model that takes clips of {perClip} frames; {frames.Count} {Frames(frames.Count)} given. Give {perClip} frames (they are not repeated to fill the clip).");
        if (frames.Count % perClip != 0)
            throw new InputException($"{source} takes clips of {perClip} frames; {frames.Count} frames make {frames.Count / perClip} {(frames.Count / perClip == 1 ? "clip" : "clips")} and {frames.Count % perClip} left over. Give a multiple of {perClip} frames (none is dropped).");
        return Enumerable.Range(0, frames.Count / perClip).Select(k => (IReadOnlyList<T>)frames.Skip(k * perClip).Take(perClip).ToArray()).ToArray();
    }

    private static string Frames(int n) => n == 1 ? "frame was" : "frames were";

    /// <summary>Why one picture cannot be fed to this model, and what it takes instead.</summary>
    public string SingleImageMessage(string source) =>
        $"{source} is a video model: it takes clips of T×H×W = {Describe()} (input [1, 3, {DeclaredFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "T"}, {Height}, {Width}]), not one picture. "
        + $"Give {(DeclaredFrames is int t ? $"{t}" : "T")} frames in order, or a prepared clip tensor.";
}
