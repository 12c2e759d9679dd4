using System.Numerics.Tensors;

namespace CamSharp.Tensors;

/// <summary>
/// Softmax that cannot overflow: the largest value is subtracted before exponentiating, as
/// every framework does. <c>TensorPrimitives.SoftMax</c> exponentiates the raw values, so a
/// logit above ~88 becomes infinity and the result NaN.
/// </summary>
public static class StableSoftmax
{
    /// <summary>
    /// <paramref name="destination"/> = softmax(<paramref name="values"/>). Values that are not
    /// finite give an <see cref="ArgumentException"/> naming the first one: a NaN logit has no
    /// probability, and passing one on would rank it silently.
    /// </summary>
    public static void Compute(ReadOnlySpan<float> values, Span<float> destination)
    {
        if (values.IsEmpty) throw new ArgumentException("softmax of no values", nameof(values));
        if (destination.Length < values.Length) throw new ArgumentException("destination is shorter than the values", nameof(destination));
        int bad = FirstNonFinite(values);
        if (bad >= 0) throw new ArgumentException($"value {bad} is {values[bad]}, not a finite number", nameof(values));
        float max = TensorPrimitives.Max(values);
        var d = destination[..values.Length];
        TensorPrimitives.Subtract(values, max, d);
        TensorPrimitives.Exp(d, d);
        TensorPrimitives.Divide(d, TensorPrimitives.Sum(d), d);
    }

    /// <summary>The index of the first NaN or infinity, or -1.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return i;
        return -1;
    }
}
