using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>Class probabilities from scores: the one softmax every target, method and ranking uses.</summary>
public static class ClassProbabilities
{
    /// <summary>
    /// Softmax of <paramref name="scores"/> without overflow (<see cref="StableSoftmax"/>); a NaN or
    /// infinite score is an <see cref="InputException"/> naming <paramref name="what"/> and the class.
    /// </summary>
    public static void Softmax(ReadOnlySpan<float> scores, Span<float> probabilities, string what)
    {
        int bad = StableSoftmax.FirstNonFinite(scores);
        if (bad >= 0)
            throw new InputException($"{what} holds {scores[bad]} at index {bad}: scores must be finite numbers to give probabilities (the model's output overflowed, or the input holds NaN).");
        StableSoftmax.Compute(scores, probabilities);
    }
}
