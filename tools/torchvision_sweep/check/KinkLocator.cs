using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>
/// Names the ReLU kink behind a <c>FAIL kink</c> gradient: every Relu input of the model is run in
/// CamSharp's float32 and its float64-accumulating <c>Precise</c> mode, and the elements whose sign
/// differs between the two are listed, nearest 0 first, with both values and the distance from 0
/// in float32 ulps of the tensor's largest value. A handful of elements within an ulp
/// or two of 0 is rounding chance: any float32 engine puts such a value on either side, by its
/// summation order.
/// </summary>
internal static class KinkLocator
{
    public static string Describe(Model model, Tensor input)
    {
        var relus = model.Graph.Nodes.Where(n => n.OpType == "Relu" && n.Inputs.Length > 0 && n.Inputs[0].Length > 0)
            .Select(n => n.Inputs[0]).Distinct().ToArray();
        if (relus.Length == 0) return "no Relu in the model";
        using var fast = model.Session.Run(input, new RunOptions { Taps = relus });
        using var precise = model.Session.Run(input, new RunOptions { Taps = relus, Precise = true });
        var flips = new List<(string Value, int Index, float Fast, float Precise, double Ulps, double Scale)>();
        foreach (var value in relus)
        {
            var f = fast.Value(value).Floats;
            var p = precise.Value(value).Floats;
            float scale = (float)Compare.MaxAbs(p);
            double ulp = MathF.BitIncrement(scale) - scale;
            for (int i = 0; i < f.Length; i++)
                if (f[i] > 0 != p[i] > 0) flips.Add((value, i, f[i], p[i], Math.Abs(p[i]) / ulp, scale));
        }
        if (flips.Count == 0) return $"no Relu input changes sign between float32 and Precise ({relus.Length} Relu inputs)";
        var shown = flips.OrderBy(k => k.Ulps).Take(4).Select(k =>
            $"'{k.Value}'[{k.Index}] float32 {k.Fast:G3}, Precise {k.Precise:G3} ({k.Ulps:G2} ulp of its largest |value| {k.Scale:G2})");
        return $"{flips.Count} Relu input element{(flips.Count == 1 ? "" : "s")} change sign between CamSharp's float32 and Precise: " +
            string.Join("; ", shown) + (flips.Count > 4 ? "; …" : "");
    }

    /// <summary>How many gradient elements differ from the reference by more than the tolerance (relative to its largest).</summary>
    public static string DifferingElements(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference, double tolerance)
    {
        double bound = tolerance * Compare.MaxAbs(reference);
        int n = 0;
        for (int i = 0; i < ours.Length; i++)
            if (Math.Abs((double)ours[i] - reference[i]) > bound) n++;
        return $"{n} of {ours.Length} gradient elements apart by more than {tolerance:G1} of the largest";
    }
}
