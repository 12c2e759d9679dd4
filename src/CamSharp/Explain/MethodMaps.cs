using CamSharp.Engine;
using CamSharp.Explain.Attribution;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// One [0, 1] map per target at the input's size from any catalogue method that gives one: the
/// class-map methods as <see cref="CamRunner"/> makes them, and the input attributions (Captum's,
/// LRP) pooled over channels the way they are drawn (<see cref="AttributionNormalization"/>,
/// absolute value, 2 % outliers clipped). What <c>evaluate</c>, the report's metrics and the
/// metrics' re-runs (ARCC, MPRT) take, so every map method is measured the same way.
/// </summary>
public static class MethodMaps
{
    /// <summary>
    /// Maps (H×W of the N×C×H×W <paramref name="input"/>, row-major) of method
    /// <paramref name="method"/>, one per target; <paramref name="layers"/> are ignored by methods
    /// that use the whole network; <paramref name="reshape"/> reads token or channels-last layers.
    /// </summary>
    public static IReadOnlyList<float[]> Explain(Model model, Tensor input, IReadOnlyList<string> layers, string method,
        IReadOnlyList<OutputTarget> targets, CamOptions? options = null, ActivationReshape? reshape = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var info = CamMethods.Info(method);
        switch (info.Output)
        {
            case MethodOutput.ClassMap:
                return CamRunner.Run(model, input, info.WholeNetwork ? [] : layers, CamMethods.Create(info.Name), targets, options, reshape).Maps;
            case MethodOutput.InputAttribution:
            {
                if (input.Rank != 4) throw new InputException($"'{info.Name}' draws N×C×H×W inputs as maps; got [{ShapeUtil.Format(input.Shape)}].");
                using var attribution = InputAttributions.Create(info.Name).Attribute(model, input, targets);
                return Enumerable.Range(0, input.Shape[0]).Select(b => AttributionNormalization.Normalize(attribution, b)).ToArray();
            }
            default:
                throw new InputException($"'{info.Name}' gives {CamMethods.Describe(info.Output)}, not one [0, 1] map per target.");
        }
    }
}
