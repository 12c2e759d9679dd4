using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// Class activation maps for video models (input N×C×D×H×W, layers N×C×d×h×w), as
/// pytorch-grad-cam's 3-D branch computes them: channel weights over all d·h·w positions
/// (Grad-CAM's mean of the gradients over D, H and W), the map Σ_c w_c A_c per voxel, ReLU
/// and min–max over the whole volume, then scipy.ndimage.zoom's cubic-spline resize to the clip's D×H×W (one map per
/// frame). Several layers: ReLU, mean, min–max again. Methods see each layer with its
/// d·h·w positions as one flat set of pixels, which is what their sums over space mean.
/// Methods that perturb the input or re-run the network (ScoreCAM, AblationCAM, ShapleyCAM)
/// and whole-map methods are refused. A video transformer's tokens (MViT) are read as a volume
/// by the reshape given (<see cref="TokenGridReshape"/> with frames), as pytorch-grad-cam's
/// reshape_transform does, before the 3-D branch sees them.
/// </summary>
public static class VideoCam
{
    public static VideoCamResult Run(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method,
        IReadOnlyList<OutputTarget>? targets = null, CamOptions? options = null, ActivationReshape? reshape = null)
    {
        options ??= new CamOptions();
        if (input.Rank != 5) throw new InputException($"A video CAM input must be N×C×D×H×W; got [{ShapeUtil.Format(input.Shape)}].");
        if (method is IRerunsDownstream or Methods.IWholeMapMethod or Methods.ScoreCam)
            throw new InputException($"{method.Name} cannot explain video models: it perturbs the input or re-runs the network per channel.");
        if (layers.Count == 0) throw new InputException("No target layer was given.");
        int n = input.Shape[0], depth = input.Shape[2], height = input.Shape[3], width = input.Shape[4];
        if (targets is not null && targets.Count != n) throw new InputException($"{targets.Count} targets for a batch of {n}; give one per clip.");

        using var pass = model.Session.Run(input, new RunOptions
        {
            Taps = layers,
            GradientsFor = method.UsesGradients ? layers : [],
            Precise = options.Precise,
        });
        targets = method is Methods.IChoosesTargets chooser ? chooser.ChooseTargets(pass.Outputs[0], targets)
            : targets ?? CamRunner.TopClassTargets(pass.Outputs[0]);
        using var grads = method.UsesGradients ? pass.Backward(targets) : null;
        var scores = grads?.Scores.ToArray() ?? Enumerable.Range(0, n).Select(b => targets[b].Score(pass.Outputs, b)).ToArray();
        var ctx = new CamContext(model, input, pass, targets, options);

        var maps = Enumerable.Range(0, n).Select(_ => new float[depth * height * width]).ToArray();
        var layerResults = new List<VideoCamLayer>();
        foreach (var value in layers)
        {
            using var volume = reshape?.Apply(pass.Value(value), value);
            using var volumeGradient = reshape is null || grads is null ? null : reshape.Apply(grads[value], value);
            var a = volume ?? pass.Value(value);
            if (a.Rank != 5) throw new InputException($"Layer '{value}' has shape [{ShapeUtil.Format(a.Shape)}]; a video CAM needs an N×C×D×H×W layer.");
            int d = a.Shape[2], h = a.Shape[3], w = a.Shape[4];
            int[] flat = [a.Shape[0], a.Shape[1], 1, d * h * w];
            using var flatA = a.Clone(flat);
            using var flatG = grads is null ? null : (volumeGradient ?? grads[value]).Clone(flat);
            var layer = new CamLayer(value, flatA, flatG);
            var raw = new float[n][];
            for (int b = 0; b < n; b++)
            {
                raw[b] = method.LayerMap(ctx, layer, b);
                var m = (float[])raw[b].Clone();
                MapMath.Relu(m);
                MapMath.MinMax(m);
                var scaled = VolumeResize.Spline(m, d, h, w, depth, height, width);
                for (int i = 0; i < scaled.Length; i++) maps[b][i] += System.Math.Max(scaled[i], 0) / layers.Count;
            }
            layerResults.Add(new VideoCamLayer(value, d, h, w, raw, Enumerable.Range(0, n).Select(b => ctx.WeightsOf(value, b)).ToArray()));
        }
        foreach (var m in maps) MapMath.MinMax(m);
        return new VideoCamResult(depth, height, width, maps, layerResults, scores);
    }
}

/// <summary>Video CAM maps: per clip one D×H×W volume in [0, 1] (frame-major: frame f is values [f·H·W, (f+1)·H·W)).</summary>
public sealed record VideoCamResult(int Frames, int Height, int Width, IReadOnlyList<float[]> Maps, IReadOnlyList<VideoCamLayer> Layers, IReadOnlyList<float> Scores)
{
    /// <summary>Frame <paramref name="frame"/> of clip <paramref name="clip"/>'s map, H×W.</summary>
    public float[] Frame(int clip, int frame) => Maps[clip].AsSpan(frame * Height * Width, Height * Width).ToArray();
}

/// <summary>One layer's raw maps (d·h·w values before ReLU, normalisation and resizing) and channel weights per clip.</summary>
public sealed record VideoCamLayer(string Value, int Depth, int Height, int Width, IReadOnlyList<float[]> RawMaps, IReadOnlyList<float[]?> Weights);
