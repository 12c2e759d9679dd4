using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Application;

/// <summary>
/// An <see cref="Explainer"/>'s answer for a video clip (1×C×D×H×W): the chosen volume layers
/// explained by <see cref="VideoCam"/> (pytorch-grad-cam's 3-D branch), one map per target.
/// Each map is the clip's frames stacked top to bottom — a W × D·H film strip, frame f in rows
/// [f·H, (f+1)·H) — so pictures and raw maps keep their two dimensions.
/// </summary>
internal static class VideoExplanation
{
    private const int TopPredictions = 5;

    public static Explanation Explain(Explainer explainer, Tensor clip, IReadOnlyList<ExplainTarget>? wanted, IReadOnlyList<Imaging.Preprocessing.PreparedInput>? frames = null)
    {
        if (explainer.Method.Output != MethodOutput.ClassMap)
            throw new InputException($"'{explainer.Method.Name}' draws no class activation map; a video clip is explained by CAM methods only.") { Parameter = "method" };
        if (explainer.Layers.FirstOrDefault(l => l.Layout != FeatureLayout.Volume && l.TokenFrames is null) is { } flat)
            throw new InputException($"Layer '{flat.Name}' is not an N×C×D×H×W map ({flat.Layout}); a video clip is explained at volume layers or a video transformer's tokens.") { Parameter = nameof(ExplainerOptions.Layers) };
        wanted = wanted is { Count: > 0 } ? wanted : [ExplainTarget.Top];
        int depth = clip.Shape[2], height = clip.Shape[3], width = clip.Shape[4];
        var values = explainer.Layers.SelectMany(l => l.Values).Distinct().ToArray();
        using var pass = explainer.Model.Session.Run(clip);
        var output = pass.Outputs[0];
        var maps = new List<ExplainedMap>();
        foreach (var target in wanted)
        {
            var (outputTarget, label, cls) = TargetResolver.Resolve(explainer.Profile, target, () => output, 0);
            var method = explainer.Options.CustomMethod?.Invoke() ?? CamMethods.Create(explainer.Method.Name);
            var result = VideoCam.Run(explainer.Model, clip, values, method, [outputTarget], explainer.Options.Cam, explainer.Reshape);
            maps.Add(new ExplainedMap { Label = label, Class = cls, Score = result.Scores[0], AtInput = new FloatMap(width, depth * height, result.Maps[0]) });
        }
        var warnings = maps.Where(m => m.AllZero).Select(m => $"The {explainer.Method.Name} map for {m.Label} is all zero.").ToList();
        return new Explanation
        {
            Method = explainer.Method.Name,
            Maps = maps,
            Layers = explainer.Layers,
            Prediction = Prediction.Of(explainer.Profile, output, TopPredictions),
            Warnings = warnings,
            Frames = frames,
        };
    }
}
