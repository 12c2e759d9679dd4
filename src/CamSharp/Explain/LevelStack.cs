using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// MMYOLO's way of showing several target layers at different strides (a neck's outputs) with
/// a gradient-free method: each layer's |A| resized bilinearly (half-pixel centres, as
/// <c>F.interpolate(mode='bilinear')</c>) to the largest height and width among them, channels
/// concatenated in layer order, and the method run once on that stack. (MMYOLO caps the size
/// at 20×20 by default to save GPU memory; here the largest map is kept.)
/// </summary>
public static class LevelStack
{
    /// <summary>The stacked layer (it owns its activations: dispose them when done).</summary>
    public static CamLayer Combine(IReadOnlyList<string> values, Func<string, Tensor> activations)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(activations);
        var levels = values.Select(v => (Value: v, A: activations(v))).ToArray();
        foreach (var (v, a) in levels)
            if (a.Rank != 4)
                throw new Engine.InputException($"Layer '{v}' has shape [{ShapeUtil.Format(a.Shape)}]; stacking levels needs N×C×H×W maps.");
        int n = levels[0].A.Shape[0];
        if (levels.Any(l => l.A.Shape[0] != n)) throw new Engine.InputException("The stacked layers have different batch sizes.");
        int height = levels.Max(l => l.A.Shape[2]), width = levels.Max(l => l.A.Shape[3]);
        int channels = levels.Sum(l => l.A.Shape[1]), plane = height * width;

        var stacked = Tensor.Uninitialized(DataType.Float32, [n, channels, height, width]);
        var dst = stacked.Floats;
        var parts = new List<CamLayerLevel>();
        int first = 0;
        foreach (var (value, a) in levels)
        {
            int c = a.Shape[1], h = a.Shape[2], w = a.Shape[3];
            var src = a.Floats;
            for (int b = 0; b < n; b++)
                for (int k = 0; k < c; k++)
                {
                    var map = new FloatMap(w, h);
                    System.Numerics.Tensors.TensorPrimitives.Abs(src.Slice((b * c + k) * h * w, h * w), map.Data);
                    var resized = h == height && w == width ? map : ImageResize.Resize(map, width, height);
                    resized.Data.CopyTo(dst.Slice((b * channels + first + k) * plane, plane));
                }
            parts.Add(new CamLayerLevel(value, first, c));
            first += c;
        }
        return new CamLayer(string.Join(" + ", values), stacked, null) { Levels = parts };
    }
}
