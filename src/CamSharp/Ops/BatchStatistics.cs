using CamSharp.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace CamSharp.Ops;

/// <summary>
/// BatchNormalization's training mode (opset 14+): each channel is normalised with the mean
/// and the population variance of X over the batch and spatial axes, as ONNX's reference does
/// (numpy's mean and var). The running statistics it also returns are
/// input·momentum + batch·(1 − momentum).
/// </summary>
internal static class BatchStatistics
{
    /// <summary>Per-channel mean and population variance of X (N × C × …), accumulated in float64.</summary>
    public static (float[] Mean, float[] Variance) Of(Tensor x)
    {
        int batch = x.Shape[0], channels = x.Shape[1], plane = ShapeUtil.Size(x.Shape.AsSpan(2));
        double count = (double)batch * plane;
        var mean = new float[channels];
        var variance = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int n = 0; n < batch; n++)
                foreach (float v in Plane(x, n, c, channels, plane)) sum += v;
            double mu = sum / count, squares = 0;
            for (int n = 0; n < batch; n++)
                foreach (float v in Plane(x, n, c, channels, plane)) squares += (v - mu) * (v - mu);
            mean[c] = (float)mu;
            variance[c] = (float)(squares / count);
        }
        return (mean, variance);
    }

    /// <summary>running = input·momentum + batch·(1 − momentum), per channel.</summary>
    public static void Running(Tensor input, float[] batchValues, float momentum, Tensor output)
    {
        for (int c = 0; c < batchValues.Length; c++)
            output.Floats[c] = input.Floats[c] * momentum + batchValues[c] * (1 - momentum);
    }

    /// <summary>
    /// The input gradient when the statistics depend on X: with x̂ = (x − μ)/σ and M values per
    /// channel, dx = scale/σ · (dy − mean(dy) − x̂·mean(dy·x̂)).
    /// </summary>
    public static Tensor InputGradient(Tensor x, Tensor dy, Tensor scale, float epsilon)
    {
        int batch = x.Shape[0], channels = x.Shape[1], plane = ShapeUtil.Size(x.Shape.AsSpan(2));
        var (mean, variance) = Of(x);
        var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
        var normalised = new float[plane];
        double count = (double)batch * plane;
        for (int c = 0; c < channels; c++)
        {
            float inv = 1 / MathF.Sqrt(variance[c] + epsilon);
            double sumDy = 0, sumDyXhat = 0;
            for (int n = 0; n < batch; n++)
            {
                Normalise(Plane(x, n, c, channels, plane), mean[c], inv, normalised);
                var g = Plane(dy, n, c, channels, plane);
                sumDy += TensorPrimitives.Sum(g);
                sumDyXhat += TensorPrimitives.Dot(g, normalised);
            }
            float meanDy = (float)(sumDy / count), meanDyXhat = (float)(sumDyXhat / count), a = scale.Floats[c] * inv;
            for (int n = 0; n < batch; n++)
            {
                Normalise(Plane(x, n, c, channels, plane), mean[c], inv, normalised);
                var g = Plane(dy, n, c, channels, plane);
                var d = dx.Floats.Slice((n * channels + c) * plane, plane);
                // d = a · (g − meanDy − x̂ · meanDyXhat)
                TensorPrimitives.Multiply(normalised, -meanDyXhat, d);
                TensorPrimitives.Add(d, g, d);
                TensorPrimitives.Add(d, -meanDy, d);
                TensorPrimitives.Multiply(d, a, d);
            }
        }
        return dx;
    }

    private static void Normalise(ReadOnlySpan<float> x, float mean, float inv, Span<float> into)
    {
        TensorPrimitives.Add(x, -mean, into);
        TensorPrimitives.Multiply(into, inv, into);
    }

    private static ReadOnlySpan<float> Plane(Tensor t, int n, int c, int channels, int plane) => t.Floats.Slice((n * channels + c) * plane, plane);
}
