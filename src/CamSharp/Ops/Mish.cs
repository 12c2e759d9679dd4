using System.Numerics.Tensors;
using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>
/// Mish (opset 18): y = x · tanh(softplus(x)). With n = eˣ, tanh(ln(1 + n)) = n(n + 2) / (n(n + 2) + 2),
/// which needs no log and keeps its precision for very negative x; above x = 20 it is 1 in float.
/// dy/dx = t + x · (1 − t²) · sigmoid(x).
/// </summary>
public sealed class Mish(Node node) : UnaryOperator(node)
{
    private const float Saturation = 20f;

    protected override void Compute(ReadOnlySpan<float> x, Span<float> y)
    {
        // Vectorised over one block (Elementwise.Map hands out at most Elementwise.Block elements).
        Span<float> w = stackalloc float[y.Length];
        TensorPrimitives.Min(x, Saturation, w);
        TensorPrimitives.Exp(w, w);          // n
        TensorPrimitives.Add(w, 2f, y);
        TensorPrimitives.Multiply(w, y, w);  // n(n + 2)
        TensorPrimitives.Add(w, 2f, y);
        TensorPrimitives.Divide(w, y, y);    // tanh(softplus(x))
        TensorPrimitives.Multiply(y, x, y);
    }

    protected override void Derivative(ReadOnlySpan<float> g, ReadOnlySpan<float> x, Span<float> dx)
    {
        for (int i = 0; i < dx.Length; i++)
        {
            float t = TanhSoftplus(x[i], out float sigmoid);
            dx[i] = g[i] * (t + x[i] * (1 - t * t) * sigmoid);
        }
    }

    private static float TanhSoftplus(float x, out float sigmoid)
    {
        if (x > Saturation)
        {
            sigmoid = 1f;
            return 1f;
        }
        float n = MathF.Exp(x), w = n * (n + 2);
        sigmoid = n / (1 + n);
        return w / (w + 2);
    }
}
