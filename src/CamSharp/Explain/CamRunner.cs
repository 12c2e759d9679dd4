using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// The CAM pipeline, as pytorch-grad-cam 1.5.5 runs it: capture the layers, score the
/// targets (default: each image's top class), backward when the method needs gradients;
/// per layer the method's map → ReLU → min–max → resize to the input size; several layers:
/// ReLU, mean, min–max again (or, with <see cref="CamOptions.StackLevels"/>, gradient-free
/// methods see the layers as one stack). Aug smoothing averages six augmented runs.
/// </summary>
public static class CamRunner
{
    public static CamResult Run(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method,
        IReadOnlyList<OutputTarget>? targets = null, CamOptions? options = null, ActivationReshape? reshape = null)
    {
        options ??= new CamOptions();
        Check(input, layers, method, targets);
        return options.AugSmooth ? AugSmooth(model, input, layers, method, targets, options, reshape) : Once(model, input, layers, method, targets, options, reshape);
    }

    /// <summary>
    /// One result per target list (one target per image in each) from a single forward pass:
    /// per-box maps explain several boxes of one image, and only the backward passes (or the
    /// re-runs) differ between them. With aug smoothing or a whole-map method each list runs alone.
    /// </summary>
    public static IReadOnlyList<CamResult> RunEach(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method,
        IReadOnlyList<IReadOnlyList<OutputTarget>> targetLists, CamOptions? options = null, ActivationReshape? reshape = null)
    {
        options ??= new CamOptions();
        if (options.AugSmooth || method is Methods.IWholeMapMethod || targetLists.Count <= 1)
            return targetLists.Select(t => Run(model, input, layers, method, t, options, reshape)).ToList();
        foreach (var targets in targetLists) Check(input, layers, method, targets);
        using var pass = Forward(model, input, layers, method, options);
        var outputs = pass.Outputs.Select(o => o.Clone()).ToArray();
        return targetLists.Select(t => FromPass(model, input, layers, method, pass, t, options, reshape, outputs)).ToList();
    }

    private static void Check(Tensor input, IReadOnlyList<string> layers, CamMethod method, IReadOnlyList<OutputTarget>? targets)
    {
        if (input.Rank != 4) throw new InputException($"CAM input must be N×C×H×W; got [{ShapeUtil.Format(input.Shape)}].");
        if (layers.Count == 0 && method is not Methods.IWholeMapMethod) throw new InputException("No target layer was given.");
        if (targets is not null && targets.Count != input.Shape[0])
            throw new InputException($"{targets.Count} targets for a batch of {input.Shape[0]}; give one per image.");
    }

    private static CamResult Once(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method,
        IReadOnlyList<OutputTarget>? targets, CamOptions options, ActivationReshape? reshape)
    {
        if (method is Methods.IWholeMapMethod whole)
            return whole.Run(model, input, targets ?? TopClassTargets(model, input), options);
        using var pass = Forward(model, input, layers, method, options);
        return FromPass(model, input, layers, method, pass, targets, options, reshape);
    }

    /// <summary>The forward pass a method needs: the layers tapped, and kept for backward or re-runs.</summary>
    private static ForwardPass Forward(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method, CamOptions options) =>
        model.Session.Run(input, new RunOptions
        {
            Taps = layers,
            GradientsFor = method.UsesGradients ? layers : [],
            RerunFrom = method is IRerunsDownstream ? layers : [],
            Precise = options.Precise,
        });

    private static CamResult FromPass(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method, ForwardPass pass,
        IReadOnlyList<OutputTarget>? targets, CamOptions options, ActivationReshape? reshape, IReadOnlyList<Tensor>? outputs = null)
    {
        int n = input.Shape[0], height = input.Shape[2], width = input.Shape[3];
        targets = method is Methods.IChoosesTargets chooser ? chooser.ChooseTargets(pass.Outputs[0], targets)
            : targets ?? TopClassTargets(pass.Outputs[0]);
        using var grads = method.UsesGradients ? pass.Backward(targets) : null;
        var scores = grads?.Scores.ToArray() ?? Enumerable.Range(0, n).Select(b => targets[b].Score(pass.Outputs, b)).ToArray();
        var ctx = new CamContext(model, input, pass, targets, options);

        var perLayer = new List<float[][]>();
        var layerResults = new List<CamLayerResult>();
        var stacked = options.StackLevels && !method.UsesGradients && layers.Count > 1
            ? LevelStack.Combine(layers, v => reshape is null ? pass.Value(v) : reshape.Apply(pass.Value(v), v)) : null;
        using var stackedValues = stacked?.Activations;
        IEnumerable<CamLayer> camLayers = stacked is not null ? [stacked]
            : layers.Select(value => reshape is null ? new CamLayer(value, pass.Value(value), grads?[value])
                : new CamLayer(value, reshape.Apply(pass.Value(value), value), grads is null ? null : reshape.Apply(grads[value], value)));
        foreach (var layer in camLayers)
        {
            var raw = new float[n][];
            var scaled = new float[n][];
            for (int b = 0; b < n; b++)
            {
                raw[b] = method.LayerMap(ctx, layer, b);
                var m = (float[])raw[b].Clone();
                MapMath.Relu(m);
                MapMath.MinMax(m);
                scaled[b] = MapMath.Resize(m, layer.Height, layer.Width, height, width);
            }
            perLayer.Add(scaled);
            layerResults.Add(new CamLayerResult(layer.Value, layer.Height, layer.Width, raw, Enumerable.Range(0, n).Select(b => ctx.WeightsOf(layer.Value, b)).ToArray()));
        }

        var maps = new float[n][];
        for (int b = 0; b < n; b++)
        {
            if (method is Methods.ICombinesLayers combiner)
            {
                maps[b] = combiner.Combine(perLayer.Select(l => l[b]).ToArray());
                continue;
            }
            maps[b] = MeanOfRelus(perLayer.Select(l => l[b]).ToArray());
        }
        return new CamResult(height, width, maps, layerResults, scores, outputs ?? pass.Outputs.Select(o => o.Clone()).ToArray());
    }

    /// <summary>
    /// The layers' maps combined as pytorch-grad-cam's <c>aggregate_multi_layers</c> does: ReLU, mean, min–max.
    /// Vector passes over the input-sized maps, exact as the element loops were (max(x, 0) ≥ +0, so starting
    /// from the first layer's instead of adding it to zeros, and not dividing by one, change nothing).
    /// </summary>
    private static float[] MeanOfRelus(float[][] layers)
    {
        var sum = new float[layers[0].Length];
        System.Numerics.Tensors.TensorPrimitives.Max(layers[0], 0f, sum);
        if (layers.Length > 1)
        {
            var relu = new float[sum.Length];
            foreach (var l in layers.Skip(1))
            {
                System.Numerics.Tensors.TensorPrimitives.Max(l, 0f, relu);
                System.Numerics.Tensors.TensorPrimitives.Add(sum, relu, sum);
            }
            System.Numerics.Tensors.TensorPrimitives.Divide(sum, layers.Length, sum);
        }
        MapMath.MinMax(sum);
        return sum;
    }

    /// <summary>Mean of the maps of {identity, horizontal flip} × {0.9, 1, 1.1}·input, each flipped back; not renormalised.</summary>
    private static CamResult AugSmooth(Model model, Tensor input, IReadOnlyList<string> layers, CamMethod method,
        IReadOnlyList<OutputTarget>? targets, CamOptions options, ActivationReshape? reshape)
    {
        var plain = options with { AugSmooth = false };
        int n = input.Shape[0], height = input.Shape[2], width = input.Shape[3];
        var sums = Enumerable.Range(0, n).Select(_ => new float[height * width]).ToArray();
        CamResult? first = null, plainRun = null;
        int runs = 0;
        foreach (bool flip in new[] { false, true })
            foreach (float factor in new[] { 0.9f, 1f, 1.1f })
            {
                using var augmented = Augment(input, flip, factor);
                var r = Once(model, augmented, layers, method, targets, plain, reshape);
                first ??= r;
                if (!flip && factor == 1f) plainRun = r;
                for (int b = 0; b < n; b++)
                {
                    var map = flip ? FlipRows(r.Maps[b], height, width) : r.Maps[b];
                    for (int i = 0; i < map.Length; i++) sums[b][i] += map[i];
                }
                runs++;
            }
        foreach (var s in sums) for (int i = 0; i < s.Length; i++) s[i] /= runs;
        return new CamResult(height, width, sums, first!.Layers, first.Scores.ToArray(), plainRun?.Outputs);
    }

    private static Tensor Augment(Tensor input, bool flip, float factor)
    {
        var t = Tensor.Uninitialized(DataType.Float32, input.Shape);
        int w = input.Shape[3];
        var src = input.Floats;
        var dst = t.Floats;
        for (int row = 0; row < input.Length / w; row++)
            for (int x = 0; x < w; x++)
                dst[row * w + x] = src[row * w + (flip ? w - 1 - x : x)] * factor;
        return t;
    }

    private static float[] FlipRows(IReadOnlyList<float> map, int height, int width)
    {
        var r = new float[map.Count];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) r[y * width + x] = map[y * width + width - 1 - x];
        return r;
    }

    /// <summary>pytorch-grad-cam's default: one target per image, its top class (first output's argmax).</summary>
    public static OutputTarget[] TopClassTargets(Tensor firstOutput) =>
        Enumerable.Range(0, firstOutput.Shape[0]).Select(b => (OutputTarget)new ClassTarget(ArgMax(firstOutput, b))).ToArray();

    /// <summary>The top-class targets of a fresh forward pass.</summary>
    public static OutputTarget[] TopClassTargets(Model model, Tensor input)
    {
        using var pass = model.Session.Run(input);
        return TopClassTargets(pass.Outputs[0]);
    }

    private static int ArgMax(Tensor output, int row)
    {
        int classes = output.Length / output.Shape[0];
        var s = output.Floats.Slice(row * classes, classes);
        // NaN compares false with everything, so it would leave class 0 as the "top" class.
        int bad = StableSoftmax.FirstNonFinite(s);
        if (bad >= 0)
            throw new InputException($"the model's first output, row {row}, holds {s[bad]} at class {bad}: there is no top class to explain; name one or check the input.");
        int best = 0;
        for (int i = 1; i < s.Length; i++) if (s[i] > s[best]) best = i;
        return best;
    }
}

/// <summary>Marks methods that re-run the network downstream of the layer (AblationCAM): the pass caches what RunFrom needs.</summary>
public interface IRerunsDownstream;
