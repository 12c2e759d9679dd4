using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Targets;

/// <summary>
/// Finer-CAM's target (pytorch-grad-cam's FinerWeightedTarget): the main class's logit against
/// similar classes, Σ_k p_k (y_main − α y_k) / Σ_k p_k, with p the softmax (differentiated too),
/// so the map shows what tells the class apart from its look-alikes.
/// </summary>
public sealed class FinerTarget(int mainClass, IReadOnlyList<int> comparisons, double alpha = 1, int output = 0) : OutputTarget
{
    public int MainClass { get; } = mainClass;

    public IReadOnlyList<int> Comparisons { get; } = comparisons;

    /// <summary>
    /// Finer-CAM's default for one image: the top class (or <paramref name="targetClass"/>), compared
    /// with the classes whose logits are the 1st, 2nd and 3rd closest to it.
    /// </summary>
    public static FinerTarget Nearest(Tensor outputs, int row, int? targetClass = null, double alpha = 1, int count = 3)
    {
        int classes = ClassOutput.ClassCount(outputs);
        var y = outputs.Floats.Slice(row * classes, classes).ToArray();
        int main = targetClass ?? Array.IndexOf(y, y.Max());
        float reference = y[ClassOutput.Check(outputs, main)];
        var order = Enumerable.Range(0, classes).OrderBy(k => System.Math.Abs(y[k] - reference)).ThenBy(k => k).ToArray();
        return new FinerTarget(order[0], order.Skip(1).Take(count).ToArray(), alpha);
    }

    public override float Accumulate(IReadOnlyList<Tensor> outputs, int row, IReadOnlyList<Tensor> seeds)
    {
        var o = outputs[output];
        int classes = ClassOutput.ClassCount(o), start = ClassOutput.Offset(o, row, MainClass);
        start -= MainClass;
        var y = o.Floats.Slice(start, classes);
        var p = new float[classes];
        ClassProbabilities.Softmax(y, p, "the class scores");
        double s = 0, numerator = 0;
        foreach (int k in Comparisons)
        {
            ClassOutput.Check(o, k);
            s += p[k];
            numerator += p[k] * (y[MainClass] - alpha * y[k]);
        }
        double denominator = s + 1e-9;
        // d/dy_j with dp_k/dy_j = p_k (δ_kj − p_j).
        var seed = seeds[output].Floats.Slice(start, classes);
        for (int j = 0; j < classes; j++)
        {
            double dN = 0, dS = 0;
            foreach (int k in Comparisons)
            {
                double dp = p[k] * ((k == j ? 1 : 0) - p[j]);
                dS += dp;
                dN += dp * (y[MainClass] - alpha * y[k]) + p[k] * ((j == MainClass ? 1 : 0) - alpha * (j == k ? 1 : 0));
            }
            seed[j] += (float)((dN * denominator - numerator * dS) / (denominator * denominator));
        }
        return (float)(numerator / denominator);
    }
}
