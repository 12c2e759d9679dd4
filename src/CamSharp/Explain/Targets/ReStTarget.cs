using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Targets;

/// <summary>
/// ReST (arXiv:2501.06261, pytorch-grad-cam's ClassifierOutputReST): the logit minus the
/// cross-entropy of the class, y_c + log p_c; its gradient is 2·δ_c − p.
/// </summary>
public sealed class ReStTarget(int classIndex, int output = 0) : OutputTarget
{
    public int ClassIndex { get; } = classIndex;

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        int classes = ClassOutput.ClassCount(o), start = ClassOutput.Offset(o, row, 0);
        ClassOutput.Check(o, ClassIndex);
        var logits = o.Floats.Slice(start, classes);
        var p = new float[classes];
        ClassProbabilities.Softmax(logits, p, "the class scores");
        var seed = seeds[output].Floats.Slice(start, classes);
        for (int j = 0; j < classes; j++) seed[j] += (j == ClassIndex ? 2f : 0f) - p[j];
        return logits[ClassIndex] + MathF.Log(System.Math.Max(p[ClassIndex], float.Epsilon));
    }
}

/// <summary>A binary classifier's single score, signed: +y for category 1, −y for 0 (BinaryClassifierOutputTarget).</summary>
public sealed class BinaryTarget(int category, int output = 0) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        if (o.Length != o.Shape[0]) throw new InputException($"A binary target needs one score per image; the output has shape [{ShapeUtil.Format(o.Shape)}].");
        float sign = category == 1 ? 1f : -1f;
        seeds[output].Floats[row] += sign;
        return sign * o.Floats[row];
    }
}

/// <summary>
/// Semantic segmentation (SemanticSegmentationTarget): the sum of one class's scores over
/// the pixels of a mask, for outputs N×C×H×W.
/// </summary>
public sealed class SegmentationTarget(int classIndex, float[] mask, int output = 0) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        if (o.Rank != 4) throw new InputException($"A segmentation target needs an N×C×H×W output; got [{ShapeUtil.Format(o.Shape)}].");
        int classes = o.Shape[1], plane = o.Shape[2] * o.Shape[3];
        if (classIndex < 0 || classIndex >= classes) throw new InputException($"Target class {classIndex} is out of range: the model has {classes} classes.") { Parameter = "Targets" };
        if (mask.Length != plane) throw new InputException($"The mask has {mask.Length} values; the output plane has {o.Shape[2]}×{o.Shape[3]}.");
        int at = (row * classes + classIndex) * plane;
        var s = seeds[output].Floats.Slice(at, plane);
        System.Numerics.Tensors.TensorPrimitives.Add(s, mask, s);
        return System.Numerics.Tensors.TensorPrimitives.Dot(o.Floats.Slice(at, plane), mask);
    }
}

/// <summary>
/// Cosine similarity of the output row to a concept's embedding (SimilarityToConceptTarget):
/// explains what in the image makes it resemble the concept image.
/// </summary>
public sealed class SimilarityTarget(float[] concept, int output = 0) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        int per = o.Length / o.Shape[0];
        if (per != concept.Length) throw new InputException($"The concept embedding has {concept.Length} values; one output row has {per}.");
        var y = o.Floats.Slice(row * per, per);
        double dot = 0, yy = 0, ee = 0;
        for (int i = 0; i < per; i++)
        {
            dot += y[i] * concept[i];
            yy += y[i] * y[i];
            ee += concept[i] * concept[i];
        }
        double ny = System.Math.Sqrt(yy) + 1e-12, ne = System.Math.Sqrt(ee) + 1e-12, cos = dot / (ny * ne);
        var s = seeds[output].Floats.Slice(row * per, per);
        for (int i = 0; i < per; i++) s[i] += (float)(concept[i] / (ny * ne) - cos * y[i] / (ny * ny));
        return (float)cos;
    }
}
