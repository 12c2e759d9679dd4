using CamSharp.Engine;
using CamSharp.Explain.Math;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>One concept found by Deep Feature Factorization: its channel vector, where it is in each image, and what the head makes of it.</summary>
public sealed record Concept(float[] Vector, IReadOnlyList<float[]> Maps, float[] Scores);

/// <summary>
/// Deep Feature Factorization (Collins et al., ECCV 2018; pytorch-grad-cam's DFF): the layer's
/// activations, channels × (images·pixels), shifted to be non-negative per channel, factorised
/// by NMF into k concepts. Each concept's map is min–max scaled and resized to the input; its
/// class scores come from the model's own head: the network downstream of the layer is re-run
/// on the concept vector spread over every pixel.
/// </summary>
public static class DeepFeatureFactorization
{
    public static IReadOnlyList<Concept> Run(Model model, Tensor input, string layer, int concepts = 5, int seed = 0)
    {
        if (concepts < 1) throw new InputException("DFF needs at least one concept.");
        using var pass = model.Session.Run(input, new RunOptions { Taps = [layer], RerunFrom = [layer] });
        var a = pass.Value(layer);
        if (a.Rank != 4) throw new InputException($"DFF needs an N×C×H×W layer; '{layer}' has shape [{ShapeUtil.Format(a.Shape)}].");
        int n = a.Shape[0], c = a.Shape[1], h = a.Shape[2], w = a.Shape[3], plane = h * w, cols = n * plane;
        // A factorisation of rank above min(C, positions) finds nothing new, and its factors
        // (C×k and k×positions, in doubles) would grow without bound.
        if (concepts > System.Math.Min(c, cols))
            throw new InputException($"DFF asked for {concepts} concepts, but layer '{layer}' [{ShapeUtil.Format(a.Shape)}] supports at most {System.Math.Min(c, cols)} (its channels or positions, whichever is fewer).");

        // V[channel, image·pixel], shifted per channel to be non-negative.
        var v = new double[c * cols];
        var offset = new double[c];
        for (int ch = 0; ch < c; ch++)
        {
            double min = double.PositiveInfinity;
            for (int b = 0; b < n; b++)
                for (int p = 0; p < plane; p++)
                {
                    float f = a.Floats[(b * c + ch) * plane + p];
                    double d = float.IsNaN(f) ? 0 : f;
                    v[ch * cols + b * plane + p] = d;
                    min = System.Math.Min(min, d);
                }
            offset[ch] = min;
            for (int i = 0; i < cols; i++) v[ch * cols + i] -= min;
        }
        var (wMat, hMat) = Nmf.Factorize(v, c, cols, concepts, seed: seed);

        int height = input.Shape[2], width = input.Shape[3];
        var result = new List<Concept>();
        for (int k = 0; k < concepts; k++)
        {
            var vector = new float[c];
            for (int ch = 0; ch < c; ch++) vector[ch] = (float)(wMat[ch * concepts + k] + offset[ch]);
            var maps = new List<float[]>();
            for (int b = 0; b < n; b++)
            {
                var m = new float[plane];
                for (int p = 0; p < plane; p++) m[p] = (float)hMat[k * cols + b * plane + p];
                MapMath.MinMax(m);
                maps.Add(MapMath.Resize(m, h, w, height, width));
            }
            result.Add(new Concept(vector, maps, HeadScores(pass, layer, vector, a.Shape)));
        }
        return result;
    }

    /// <summary>The first output row when every pixel of the layer holds the concept vector.</summary>
    private static float[] HeadScores(ForwardPass pass, string layer, float[] vector, int[] shape)
    {
        int c = shape[1], plane = shape[2] * shape[3];
        var spread = Tensor.Uninitialized(DataType.Float32, [1, c, shape[2], shape[3]]);
        for (int ch = 0; ch < c; ch++) spread.Floats.Slice(ch * plane, plane).Fill(vector[ch]);
        using var replacement = shape[0] == 1 ? spread : TensorRows.Tile(spread, shape[0]);
        if (!ReferenceEquals(replacement, spread)) spread.Dispose();
        var outputs = pass.RunFrom(layer, replacement);
        try
        {
            int per = outputs[0].Length / outputs[0].Shape[0];
            return outputs[0].Floats[..per].ToArray();
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }
}
