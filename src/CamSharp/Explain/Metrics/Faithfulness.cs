namespace CamSharp.Explain.Metrics;

/// <summary>
/// Several faithfulness metrics of the same maps in one call, named for tables: what
/// <c>camsharp evaluate</c> reports per image and method.
/// </summary>
public static class Faithfulness
{
    public static FaithfulnessScores[] Evaluate(MetricInput input, FaithfulnessOptions? options = null)
    {
        options ??= new FaithfulnessOptions();
        var wanted = options.Metrics;
        var change = wanted.HasFlag(FaithfulnessMetric.ConfidenceChange) ? ConfidenceChange.Evaluate(input) : null;
        var road = wanted.HasFlag(FaithfulnessMetric.Road) ? Road.Evaluate(input, options.Road) : null;
        var deletion = wanted.HasFlag(FaithfulnessMetric.Deletion) ? DeletionInsertion.Deletion(input, options.Step) : null;
        var insertion = wanted.HasFlag(FaithfulnessMetric.Insertion) ? DeletionInsertion.Insertion(input, options.Step) : null;
        return Enumerable.Range(0, input.Images)
            .Select(b => new FaithfulnessScores(input.Scores[b], change?[b], road?[b], deletion?[b], insertion?[b])).ToArray();
    }

    /// <summary>Metric names as <see cref="FaithfulnessScores.Values"/> and the CLI spell them, by group.</summary>
    public static IReadOnlyDictionary<FaithfulnessMetric, string[]> Names { get; } = new Dictionary<FaithfulnessMetric, string[]>
    {
        [FaithfulnessMetric.ConfidenceChange] = ["confidence_change", "drop_in_confidence", "drop_percent", "increase_in_confidence"],
        [FaithfulnessMetric.Road] = ["road_morf", "road_lerf", "road_combined"],
        [FaithfulnessMetric.Deletion] = ["deletion_auc"],
        [FaithfulnessMetric.Insertion] = ["insertion_auc"],
    };
}

/// <summary>Which metrics <see cref="Faithfulness.Evaluate"/> runs.</summary>
[Flags]
public enum FaithfulnessMetric
{
    None = 0,
    ConfidenceChange = 1,
    Road = 2,
    Deletion = 4,
    Insertion = 8,
    All = ConfidenceChange | Road | Deletion | Insertion,
}

public sealed record FaithfulnessOptions
{
    public FaithfulnessMetric Metrics { get; init; } = FaithfulnessMetric.All;

    public RoadOptions Road { get; init; } = new();

    /// <summary>Pixels per deletion/insertion step (default: the input's width, one row).</summary>
    public int? Step { get; init; }
}

/// <summary>One image's metrics: the target's value on the input and each metric that ran.</summary>
public sealed record FaithfulnessScores(float Score, ConfidenceChangeResult? ConfidenceChange, RoadResult? Road, CausalCurve? Deletion, CausalCurve? Insertion)
{
    /// <summary>
    /// The scalar results by name, in a fixed order: confidence_change, drop_in_confidence,
    /// drop_percent, increase_in_confidence, road_morf, road_lerf, road_combined (averages over
    /// the percentiles), deletion_auc, insertion_auc — those that ran.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, double>> Values
    {
        get
        {
            var values = new List<KeyValuePair<string, double>>();
            if (ConfidenceChange is { } c)
            {
                Add(values, "confidence_change", c.Change);
                Add(values, "drop_in_confidence", c.Drop);
                Add(values, "drop_percent", c.DropPercent);
                Add(values, "increase_in_confidence", c.Increase);
            }
            if (Road is { } r)
            {
                Add(values, "road_morf", r.MostRelevantFirstAverage);
                Add(values, "road_lerf", r.LeastRelevantFirstAverage);
                Add(values, "road_combined", r.Combined);
            }
            if (Deletion is { } d) Add(values, "deletion_auc", d.Auc);
            if (Insertion is { } i) Add(values, "insertion_auc", i.Auc);
            return values;
        }
    }

    private static void Add(List<KeyValuePair<string, double>> values, string name, double value) => values.Add(new(name, value));
}
