using CamSharp.Detection.Targets;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Tensors;

namespace CamSharp.Detection;

/// <summary>Which box-level target a map follows.</summary>
public enum BoxTargetKind
{
    /// <summary><see cref="BoxMatchTarget"/>: IoU + score of the best-matching prediction (MMYOLO's).</summary>
    Match,

    /// <summary><see cref="BoxScoreTarget"/>: the raw score of the box's own prediction.</summary>
    Score,
}

/// <summary>One box-level map: the boxes it explains and the CAM result (maps at the input tensor's size).</summary>
public sealed record BoxCamMap(IReadOnlyList<Detection> Boxes, CamResult Result)
{
    /// <summary>The map in [0, 1] at the input tensor's size (row-major H×W).</summary>
    public float[] Map => Result.Maps[0];
}

/// <summary>
/// Box-level activation maps, what <c>camsharp boxam</c> draws: one map for all kept boxes
/// together, or one per box. Default target: the matching target (IoU + score) for
/// gradient-free methods, which score perturbed runs where boxes move; the boxes' raw scores
/// for gradient methods and per box. A kept box matches its own prediction at IoU = 1, the
/// IoU's kink, where its subgradient points anywhere and outweighs the saturated score's: on
/// the tiny detector the matching target's Grad-CAM peaked inside a box on 0 of 40 canvases,
/// the raw score's on 40 of 40.
/// Several target layers follow MMYOLO for gradient-free methods (<see cref="LevelStack"/>) and
/// pytorch-grad-cam for gradient methods (one map per layer, averaged).
/// </summary>
public static class BoxCam
{
    /// <summary>
    /// The method used when none is named: HiResCAM (gradient × activation, summed over channels),
    /// what MMYOLO's box-AM demo computes under the name Grad-CAM. Grad-CAM proper averages a box's
    /// gradient over the whole map, so on yolov8n and bus.jpg its per-box maps light up the
    /// building and the other people; HiResCAM's stay on the box (LayerCAM looks alike).
    /// </summary>
    public const string DefaultMethod = "hirescam";

    /// <summary>
    /// Refuses a method that cannot explain this head's boxes: a head whose boxes the graph picks
    /// (<see cref="DetectionHead.BlackBoxReason"/>) is explained by D-RISE alone, never by gradients
    /// or layer re-runs that would silently give empty maps.
    /// </summary>
    public static void CheckMethod(DetectionHead head, CamMethod method)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(method);
        if (head.BlackBoxReason is { } why && method is not Explain.Methods.Drise)
            throw new InputException($"{method.Name} cannot explain the boxes of this {HeadKinds.Name(head.Kind)} detector: {why}. D-RISE (drise) explains them black-box, from masked inputs.") { Parameter = "Method" };
    }

    /// <summary>
    /// The maps of <paramref name="boxes"/>. <paramref name="detection"/>: the thresholds the boxes
    /// were kept with; D-RISE decodes each masked image's detections with them (all of them: the
    /// cap on explained boxes does not apply), so a box kept below D-RISE's own default threshold
    /// can still be found again.
    /// </summary>
    public static IReadOnlyList<BoxCamMap> Run(Model model, Tensor input, DetectionHead head, IReadOnlyList<Detection> boxes,
        IReadOnlyList<string> layers, CamMethod method, bool perBox, BoxTargetKind? target = null, int batchSize = 32, DetectionOptions? detection = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(boxes);
        if (detection is not null && method is Explain.Methods.Drise { Options.Reader: null } drise)
            method = new Explain.Methods.Drise(drise.Options with { Detection = new DetectionOptions(detection.ScoreThreshold, detection.IouThreshold) });
        if (input.Rank != 4 || input.Shape[0] != 1) throw new InputException($"Box maps take one image; got [{ShapeUtil.Format(input.Shape)}].");
        CheckMethod(head, method);
        var kind = target ?? (perBox || method.UsesGradients ? BoxTargetKind.Score : BoxTargetKind.Match);
        var groups = perBox ? boxes.Select(d => (IReadOnlyList<Detection>)[d]).ToList() : [boxes];
        var options = new CamOptions { StackLevels = true, BatchSize = batchSize };
        var targets = groups.Select(group => (IReadOnlyList<OutputTarget>)
            [kind == BoxTargetKind.Score ? new BoxScoreTarget(head, group) : new BoxMatchTarget(head, group)]).ToList();
        // Per box, one forward pass serves every box: only the backward passes (or re-runs) differ.
        var results = CamRunner.RunEach(model, input, layers, method, targets, options);
        return groups.Select((group, i) => new BoxCamMap(group, results[i])).ToList();
    }
}
