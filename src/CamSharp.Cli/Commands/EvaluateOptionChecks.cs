using System.CommandLine;
using CamSharp.Explain.Metrics;

namespace CamSharp.Cli.Commands;

/// <summary>evaluate's options that only some metrics or model kinds use: a warning when they would be ignored.</summary>
internal static class EvaluateOptionChecks
{
    public static void Warn(ParseResult parsed, FaithfulnessMetric metrics, bool detector, bool boxes,
        Option percentiles, Option noise, Option seed, Option step, Option tolerance, Option confidence, Option[] detectorOnly)
    {
        bool road = (metrics & (FaithfulnessMetric.Road | FaithfulnessMetric.Arcc)) != 0;
        foreach (var option in new[] { percentiles, noise, seed })
            IgnoredOptions.WarnIf(parsed, !road, option, "it belongs to ROAD, which --metrics leaves out.");
        IgnoredOptions.WarnIf(parsed, (metrics & (FaithfulnessMetric.Deletion | FaithfulnessMetric.Insertion)) == 0, step, "it belongs to deletion/insertion, which --metrics leaves out.");
        IgnoredOptions.WarnIf(parsed, !boxes, tolerance, "it belongs to the pointing game, which runs with --boxes.");
        IgnoredOptions.WarnIf(parsed, detector, confidence, "a detector's metrics follow its box target (--box-target).");
        foreach (var option in detectorOnly)
            IgnoredOptions.WarnIf(parsed, !detector, option, "it applies to detectors, and the model is a classifier.");
    }
}
