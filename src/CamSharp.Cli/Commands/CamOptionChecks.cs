using System.CommandLine;
using CamSharp.Application;

namespace CamSharp.Cli.Commands;

/// <summary>cam's options that only some methods or layers use: said when they would be ignored.</summary>
internal static class CamOptionChecks
{
    /// <summary>--concepts without dff, --no-sign-fix with nothing Eigen to fix, --batch-size with nothing batched.</summary>
    public static void CheckMethodOptions(ParseResult parsed, IReadOnlyList<string> methods, Option concepts, Option noSignFix, Option<bool> eigenSmooth, Option batch)
    {
        IgnoredOptions.WarnIf(parsed, !methods.Contains(Explain.CamMethods.DffName), concepts, $"it sets how many concepts --method {Explain.CamMethods.DffName} finds.");
        bool eigen = parsed.GetValue(eigenSmooth) || methods.Any(m => m.Contains("eigen", StringComparison.Ordinal));
        IgnoredOptions.WarnIf(parsed, !eigen, noSignFix, "it applies to Eigen methods and --eigen-smooth.");
        IgnoredOptions.WarnIf(parsed, !methods.Any(IgnoredOptions.Batches), batch, "none of the methods runs batches of masked inputs (scorecam, ablationcam, reciprocam, …).");
    }

    /// <summary>
    /// --vit-like, --num-extra-tokens and --token-grid describe transformer tokens; on a layer
    /// that is a C×H×W (or H×W×C) map they would force a wrong reading, so they are dropped
    /// with a warning naming the layer and what it is.
    /// </summary>
    public static ExplainerOptions TokenOptionsThatApply(ParseResult parsed, Model model, ExplainerOptions options, string method, params Option[] tokenOptions)
    {
        var given = tokenOptions.Where(o => IgnoredOptions.Given(parsed, o)).ToArray();
        if (given.Length == 0) return options;
        var asFound = options with { Method = method, Layout = null, ExtraTokens = null, TokenGrid = null };
        var notTokens = new Explainer(model, asFound).Layers.Where(l => l.Layout != FeatureLayout.Tokens).ToArray();
        if (notTokens.Length == 0) return options;
        string what = string.Join(", ", notTokens.Select(l => $"'{l.Name}' is {(l.Layout == FeatureLayout.ChannelsLast ? "an N×H×W×C" : "an N×C×H×W")} map"));
        foreach (var option in given) IgnoredOptions.WarnIf(parsed, true, option, $"{what}, not transformer tokens.");
        return asFound with { Method = options.Method };
    }
}
