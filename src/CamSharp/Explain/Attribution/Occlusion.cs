using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Attribution;

/// <summary>
/// Occlusion (Zeiler &amp; Fergus, 2014, arXiv:1311.2901) as Captum's <c>Occlusion</c>: a window
/// of C′×h×w input elements slides with the given strides (windows at the far edges are cut
/// off, Captum's <c>ceil((size − window) / stride) + 1</c> positions per axis), is set to the
/// baseline, and every element covered gets target(x) − target(occluded); each element's sum
/// is divided by the number of windows that covered it.
/// </summary>
public sealed class Occlusion : InputAttribution
{
    /// <param name="window">Window (channels, height, width); channels 0 = all of them.</param>
    /// <param name="strides">Strides (channels, height, width); Captum's default is 1 on every axis.</param>
    /// <param name="baseline">The value occluded elements take (Captum's <c>baselines</c>, default 0).</param>
    /// <param name="batchSize">Occluded copies run at once (Captum's <c>perturbations_per_eval</c>).</param>
    public Occlusion((int Channels, int Height, int Width) window, (int Channels, int Height, int Width)? strides = null,
        float baseline = 0f, int batchSize = 32)
    {
        var s = strides ?? (1, 1, 1);
        if (window.Channels < 0 || window.Height < 1 || window.Width < 1)
            throw new InputException($"The occlusion window must be positive; got {window}.");
        if (s.Channels < 1 || s.Height < 1 || s.Width < 1)
            throw new InputException($"Occlusion strides must be positive; got {s}.");
        if (batchSize < 1) throw new InputException($"The batch size must be at least 1; got {batchSize}.");
        Window = window;
        Strides = s;
        Baseline = baseline;
        BatchSize = batchSize;
    }

    public override string Name => "occlusion";

    public override bool UsesGradients => false;

    public (int Channels, int Height, int Width) Window { get; }

    public (int Channels, int Height, int Width) Strides { get; }

    public float Baseline { get; }

    /// <summary>Occluded copies run through the model at once (Captum's <c>perturbations_per_eval</c>).</summary>
    public int BatchSize { get; }

    public override Tensor Attribute(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        Check(input, targets);
        if (input.Rank != 4) throw new InputException($"Occlusion needs an N×C×H×W input; got [{ShapeUtil.Format(input.Shape)}].");
        int n = input.Shape[0], c = input.Shape[1], h = input.Shape[2], w = input.Shape[3], len = c * h * w;
        int wc = Window.Channels == 0 ? c : Window.Channels;
        var positions = Axis(c, wc, Strides.Channels, "channels")
            .SelectMany(z => Axis(h, Window.Height, Strides.Height, "height")
                .SelectMany(y => Axis(w, Window.Width, Strides.Width, "width").Select(x => (z, y, x)))).ToArray();

        var result = Tensor.Zeros(input.Shape);
        var counts = new int[len];
        foreach (var (z, y, x) in positions)
            foreach (int i in Covered(z, y, x, wc, c, h, w)) counts[i]++;
        for (int b = 0; b < n; b++)
        {
            var image = input.Floats.Slice(b * len, len);
            float before;
            using (var one = InputGradients.Repeat(input, b, 1)) before = InputGradients.Scores(model, one, [targets[b]], 1)[0];
            var total = result.Floats.Slice(b * len, len);
            for (int start = 0; start < positions.Length; start += BatchSize)
            {
                int count = System.Math.Min(BatchSize, positions.Length - start);
                using var batch = InputGradients.Repeat(input, b, count);
                for (int k = 0; k < count; k++)
                {
                    var (z, y, x) = positions[start + k];
                    var row = batch.Floats.Slice(k * len, len);
                    foreach (int i in Covered(z, y, x, wc, c, h, w)) row[i] = Baseline;
                }
                var after = InputGradients.Scores(model, batch, Enumerable.Repeat(targets[b], count).ToArray(), count);
                for (int k = 0; k < count; k++)
                {
                    var (z, y, x) = positions[start + k];
                    float diff = before - after[k];
                    foreach (int i in Covered(z, y, x, wc, c, h, w)) total[i] += diff;
                }
            }
            for (int i = 0; i < len; i++) total[i] /= counts[i];
        }
        return result;
    }

    /// <summary>Window starts along one axis: Captum's ceil((size − window) / stride) + 1 positions.</summary>
    private static int[] Axis(int size, int window, int stride, string axis)
    {
        if (window > size) throw new InputException($"The occlusion window's {axis} ({window}) exceeds the input's ({size}).");
        if (stride > window && window < size)
            throw new InputException($"The occlusion stride's {axis} ({stride}) is larger than the window's ({window}); some elements would never be occluded.");
        int count = (size - window + stride - 1) / stride + 1;
        return Enumerable.Range(0, count).Select(i => i * stride).ToArray();
    }

    /// <summary>Flat indices of the elements a window at (z, y, x) covers, cut off at the input's edges.</summary>
    private IEnumerable<int> Covered(int z, int y, int x, int wc, int c, int h, int w)
    {
        for (int ch = z; ch < System.Math.Min(z + wc, c); ch++)
            for (int yy = y; yy < System.Math.Min(y + Window.Height, h); yy++)
                for (int xx = x; xx < System.Math.Min(x + Window.Width, w); xx++)
                    yield return (ch * h + yy) * w + xx;
    }
}
