using CamSharp.Explain;
using CamSharp.Imaging;

namespace CamSharp.Reports;

/// <summary>What an HTML report explains and how its pictures are drawn.</summary>
public sealed record ReportOptions
{
    /// <summary>The methods shown when none are named: the fast gradient and activation methods.</summary>
    public static IReadOnlyList<string> DefaultMethods { get; } = ["gradcam", "hirescam", "gradcam++", "xgradcam", "layercam", "eigencam"];

    /// <summary>CAM method names as <see cref="CamMethods"/> knows them.</summary>
    public IReadOnlyList<string> Methods { get; init; } = DefaultMethods;

    /// <summary>Layer names (module paths, value or node names); null: the last spatial layer.</summary>
    public IReadOnlyList<string>? Layers { get; init; }

    /// <summary>Classes to explain; null: the top class.</summary>
    public IReadOnlyList<int>? Classes { get; init; }

    /// <summary>How many top predictions to list.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>Class names by index; null prints "class N".</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    public ColorMap ColorMap { get; init; } = ColorMap.Jet;

    /// <summary>Weight of the image in the overlay, in [0, 1].</summary>
    public float ImageWeight { get; init; } = 0.5f;

    /// <summary>Pictures are shrunk so that their longer side is at most this many pixels (keeps the file small).</summary>
    public int MaxImageSide { get; init; } = 320;

    public CamOptions Cam { get; init; } = new();

    /// <summary>Scores each map (faithfulness metrics); null leaves every map's metrics empty.</summary>
    public MapMetrics? Metrics { get; init; }

    /// <summary>Told after each map is done.</summary>
    public IProgress<ReportProgress>? Progress { get; init; }
}

/// <summary>How far a report has come: <paramref name="Done"/> of <paramref name="Total"/> maps, the last one named.</summary>
public readonly record struct ReportProgress(int Done, int Total, string Item);
