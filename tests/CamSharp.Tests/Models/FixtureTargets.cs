using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.Tests.Models;

/// <summary>The targets that outputs/index.json describes, as engine targets.</summary>
public static class FixtureTargets
{
    /// <summary>A class logit, the tiny detector's sum of output elements, or null for "None" (the library's default: the top class).</summary>
    public static OutputTarget? Of(JsonElement target) => target.GetProperty("type").GetString() switch
    {
        "ClassifierOutputTarget" => new ClassTarget(target.GetProperty("class").GetInt32()),
        "OutputElementsSum" => ElementsSum(target.GetProperty("indices").EnumerateArray().Select(i => i.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray()),
        var t when t is null || t.StartsWith("None", StringComparison.Ordinal) => null,
        var other => throw new InvalidOperationException($"Unknown fixture target {other}"),
    };

    /// <summary>Σ out[row][idx] over per-sample indices, with a seed of one at each.</summary>
    private static OutputTarget ElementsSum(int[][] indices) => new FunctionTarget((outputs, row, seeds) =>
    {
        var o = outputs[0];
        int per = o.Length / o.Shape[0];
        var strides = ShapeUtil.Strides(o.Shape.AsSpan(1));
        float sum = 0;
        foreach (var idx in indices)
        {
            int at = row * per + idx.Select((v, d) => v * strides[d]).Sum();
            sum += o.Floats[at];
            seeds[0].Floats[at] += 1;
        }
        return sum;
    });
}
