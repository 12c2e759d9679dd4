using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Targets;

/// <summary>
/// A target for featurizers, whose output is an embedding rather than class scores: the
/// cosine similarity to a concept's embedding (pytorch-grad-cam's SimilarityToConceptTarget),
/// or, with no concept, the embedding's L2 norm.
/// </summary>
public sealed class EmbeddingTarget : OutputTarget
{
    private readonly float[]? _concept;

    public EmbeddingTarget(float[]? concept = null, int output = 0)
    {
        _concept = concept is null ? null : (float[])concept.Clone();
        OutputIndex = output;
    }

    public int OutputIndex { get; }

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[OutputIndex];
        int d = o.Length / o.Shape[0];
        var y = o.Floats.Slice(row * d, d);
        var seed = seeds[OutputIndex].Floats.Slice(row * d, d);
        double yy = 0;
        for (int i = 0; i < d; i++) yy += (double)y[i] * y[i];
        double norm = System.Math.Sqrt(yy) + 1e-12;
        if (_concept is null)
        {
            for (int i = 0; i < d; i++) seed[i] += (float)(y[i] / norm);
            return (float)norm;
        }
        if (_concept.Length != d) throw new InputException($"The concept embedding has {_concept.Length} values; the model's embedding has {d}.");
        double cc = 0, yc = 0;
        for (int i = 0; i < d; i++)
        {
            cc += (double)_concept[i] * _concept[i];
            yc += (double)y[i] * _concept[i];
        }
        double cnorm = System.Math.Sqrt(cc) + 1e-12, cos = yc / (norm * cnorm);
        // d cos / d y = c / (|y||c|) − cos · y / |y|²
        for (int i = 0; i < d; i++) seed[i] += (float)(_concept[i] / (norm * cnorm) - cos * y[i] / (norm * norm));
        return (float)cos;
    }

    public override string ToString() => _concept is null ? "embedding norm" : "similarity to the concept";
}
