using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Targets;

/// <summary>
/// The raw score of one class in a classifier output (pytorch-grad-cam's
/// ClassifierOutputTarget). Works on [N, C] and [N, C, 1, 1] outputs.
/// </summary>
public sealed class ClassTarget : OutputTarget
{
    public ClassTarget(int classIndex, int output = 0)
    {
        ClassIndex = classIndex;
        OutputIndex = output;
    }

    public int ClassIndex { get; }

    public int OutputIndex { get; }

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        int at = ClassOutput.Offset(outputs[OutputIndex], row, ClassIndex);
        seeds[OutputIndex].Floats[at] += 1f;
        return outputs[OutputIndex].Floats[at];
    }

    public override string ToString() => $"class {ClassIndex}";
}

/// <summary>
/// The softmax probability of one class (pytorch-grad-cam's ClassifierOutputSoftmaxTarget);
/// its gradient is p_c (δ_cj − p_j). If the output already sums to one per row, it is used as is.
/// </summary>
public sealed class SoftmaxTarget(int classIndex, int output = 0) : OutputTarget
{
    public int ClassIndex { get; } = classIndex;

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        int classes = ClassOutput.ClassCount(o);
        int start = ClassOutput.Offset(o, row, 0);
        var logits = o.Floats.Slice(start, classes);
        var p = new float[classes];
        ClassProbabilities.Softmax(logits, p, $"output {output}, row {row}");
        float pc = p[ClassOutput.Check(o, ClassIndex)];
        var seed = seeds[output].Floats.Slice(start, classes);
        for (int j = 0; j < classes; j++) seed[j] += pc * ((j == ClassIndex ? 1f : 0f) - p[j]);
        return pc;
    }

    public override string ToString() => $"softmax of class {ClassIndex}";
}

/// <summary>A weighted sum of output elements; the weights are the seed gradient (one tensor per output, batch row 0 layout repeated per row).</summary>
public sealed class WeightedSumTarget(IReadOnlyList<Tensor?> weightsPerOutput) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        double sum = 0;
        for (int k = 0; k < outputs.Count && k < weightsPerOutput.Count; k++)
        {
            if (weightsPerOutput[k] is not { } w) continue;
            int per = outputs[k].Length / outputs[k].Shape[0];
            if (w.Length != per)
                throw new InputException($"Weights for output {k} have {w.Length} elements; one row of that output has {per}.");
            var y = outputs[k].Floats.Slice(row * per, per);
            var s = seeds[k].Floats.Slice(row * per, per);
            sum += System.Numerics.Tensors.TensorPrimitives.Dot(y, w.Floats);
            System.Numerics.Tensors.TensorPrimitives.Add(s, w.Floats, s);
        }
        return (float)sum;
    }
}

/// <summary>A caller's own target: a function giving the value and filling the seed gradients.</summary>
public sealed class FunctionTarget(Func<IReadOnlyList<Tensor>, int, IReadOnlyList<Tensor>, float> accumulate) : OutputTarget
{
    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds) => accumulate(outputs, row, seeds);
}

/// <summary>Index arithmetic for classifier outputs shaped [N, C] or [N, C, 1, 1].</summary>
internal static class ClassOutput
{
    public static int ClassCount(Tensor output) =>
        output.Rank >= 2 ? output.Length / output.Shape[0] : throw new InputException($"A classifier output needs shape [N, C]; got [{ShapeUtil.Format(output.Shape)}].");

    public static int Check(Tensor output, int classIndex)
    {
        int classes = ClassCount(output);
        if (classIndex < 0 || classIndex >= classes)
            throw new InputException($"Target class {classIndex} is out of range: the model has {classes} classes (0..{classes - 1}).") { Parameter = "Targets" };
        return classIndex;
    }

    public static int Offset(Tensor output, int row, int classIndex) => row * ClassCount(output) + Check(output, classIndex);
}
