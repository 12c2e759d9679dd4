using CamSharp.Application;
using CamSharp.Files;

namespace CamSharp.Cli;

/// <summary>
/// Image arguments read as a video model's frames: in the order given, a folder's images by
/// natural name order (frame2 before frame10), cut into clips of the model's T
/// (<see cref="VideoInput.Clips"/>). Each clip is one input, named after its first frame.
/// </summary>
internal static class ClipInputs
{
    /// <summary>The clips, each a source named by its first frame (which names its output) carrying its frames.</summary>
    public static IReadOnlyList<InputSource> Group(Model model, VideoInput video, IReadOnlyList<InputSource> sources, int? frames)
    {
        if (sources.Count == 1 && (frames ?? video.DeclaredFrames) is not 1) throw new CliException(SingleImage(model, video, takesFrames: true));
        int perClip = video.FramesPerClip(model.Source, frames);
        var ordered = InFrameOrder(sources);
        var clips = VideoInput.Clips(model.Source, ordered, perClip);
        // One clip writes one picture: --out-file applies, as for one image.
        return clips.Select(c => c[0] with { Folder = clips.Count == 1 ? null : c[0].Folder, Frames = c.Select(s => s.Path).ToArray() }).ToArray();
    }

    /// <summary>Files in the order given; the images of a folder argument, where it stands, by natural name order.</summary>
    public static IReadOnlyList<InputSource> InFrameOrder(IReadOnlyList<InputSource> sources)
    {
        var result = new List<InputSource>();
        for (int i = 0; i < sources.Count;)
        {
            int end = i + 1;
            // One folder argument's images; the same folder given again starts a group of its own.
            var seen = new HashSet<string>(StringComparer.Ordinal) { sources[i].Path };
            if (sources[i].Folder is { } folder)
                while (end < sources.Count && sources[end].Folder == folder && seen.Add(sources[end].Path)) end++;
            result.AddRange(sources.Skip(i).Take(end - i).OrderBy(s => s.Folder is null ? s.Path : Path.GetRelativePath(s.Folder, s.Path), NaturalOrder.Instance));
            i = end;
        }
        return result;
    }

    /// <summary>One picture given to a video model: what it is, its clip shape, and both ways to feed it.</summary>
    public static string SingleImage(Model model, VideoInput video, bool takesFrames)
    {
        string t = video.DeclaredFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "T";
        string tensor = $"--input-tensor clip.npy (float32 [1, 3, {t}, {video.Height}, {video.Width}])";
        return $"{model.Source} is a video model: it takes clips of T×H×W = {video.Describe()} ({t} frames of {video.Height}×{video.Width}), not one picture. "
            + (takesFrames
                ? $"Give {t} frames in order (image files, or a folder of them{(video.DeclaredFrames is null ? ", with --frames T" : "")}) or {tensor}."
                : $"This command reads pictures, not clips: use 'camsharp cam' or 'camsharp run' with its {t} frames or {tensor}.");
    }

    /// <summary>Commands that draw on one picture (detect, boxam) refuse video models up front.</summary>
    public static void Refuse(Model model, string command)
    {
        if (VideoInput.Of(model) is { } video)
            throw new CliException($"'camsharp {command}' finds boxes in pictures; {model.Source} is a video model (clips of {video.Describe()}, T×H×W). Use 'camsharp cam' or 'camsharp run' with its frames.");
    }
}
