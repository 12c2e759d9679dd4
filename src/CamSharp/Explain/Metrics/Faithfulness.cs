using CamSharp.Engine;

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
        var explain = (wanted & (FaithfulnessMetric.Arcc | FaithfulnessMetric.Mprt)) != 0
            ? options.Explain ?? throw new InputException("ARCC and MPRT re-run the explanation method: give FaithfulnessOptions.Explain.")
            : null;
        var arcc = wanted.HasFlag(FaithfulnessMetric.Arcc) ? Arcc.Evaluate(input, x => explain!(input.Model, x)) : null;
        var mprt = wanted.HasFlag(FaithfulnessMetric.Mprt) ? Mprt.Evaluate(input.Model, input.Input, explain!, options.Mprt) : null;
        return Enumerable.Range(0, input.Images)
            .Select(b => new FaithfulnessScores(input.Scores[b], change?[b], road?[b], deletion?[b], insertion?[b])
            {
                Arcc = arcc?[b],
                MprtLast = mprt?.Last[b],
                MprtAverage = mprt?.Average[b],
            }).ToArray();
    }

    /// <summary>Metric names as <see cref="FaithfulnessScores.Values"/> and the CLI spell them, by group.</summary>
    public static IReadOnlyDictionary<FaithfulnessMetric, string[]> Names { get; } = new Dictionary<FaithfulnessMetric, string[]>
    {
        [FaithfulnessMetric.ConfidenceChange] = ["confidence_change", "drop_in_confidence", "drop_percent", "increase_in_confidence"],
        [FaithfulnessMetric.Road] = ["road_morf", "road_lerf", "road_combined"],
        [FaithfulnessMetric.Deletion] = ["deletion_auc"],
        [FaithfulnessMetric.Insertion] = ["insertion_auc"],
        [FaithfulnessMetric.Arcc] = ["arcc", "arcc_complexity", "arcc_coherency", "arcc_road"],
        [FaithfulnessMetric.Mprt] = ["mprt_last", "mprt_average"],
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
    /// <summary>Not in <see cref="All"/>: it re-runs the method (<see cref="FaithfulnessOptions.Explain"/>).</summary>
    Arcc = 16,
    /// <summary>Not in <see cref="All"/>: it re-runs the method once per layer with parameters.</summary>
    Mprt = 32,
    All = ConfidenceChange | Road | Deletion | Insertion,
}

public sealed record FaithfulnessOptions
{
    public FaithfulnessMetric Metrics { get; init; } = FaithfulnessMetric.All;

    public RoadOptions Road { get; init; } = new();

    /// <summary>Pixels per deletion/insertion step (default: the input's width, one row).</summary>
    public int? Step { get; init; }

    /// <summary>
    /// The method that made the maps, for ARCC and MPRT: explains an input on a model (the same one,
    /// or a randomised copy) for the same targets, one map per image.
    /// </summary>
    public Func<Model, Tensors.Tensor, IReadOnlyList<float[]>>? Explain { get; init; }

    public MprtOptions Mprt { get; init; } = new();
}

/// <summary>One image's metrics: the target's value on the input and each metric that ran.</summary>
public sealed record FaithfulnessScores(float Score, ConfidenceChangeResult? ConfidenceChange, RoadResult? Road, CausalCurve? Deletion, CausalCurve? Insertion)
{
    public ArccResult? Arcc { get; init; }

    /// <summary>MPRT: the correlation after every layer is randomised.</summary>
    public double? MprtLast { get; init; }

    /// <summary>MPRT: the mean correlation over the steps.</summary>
    public double? MprtAverage { get; init; }

    /// <summary>
    /// The scalar results by name, in a fixed order: confidence_change, drop_in_confidence,
    /// drop_percent, increase_in_confidence, road_morf, road_lerf, road_combined (averages over
    /// the percentiles), deletion_auc, insertion_auc, arcc (and its three parts), mprt_last,
    /// mprt_average — those that ran.
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
            if (Arcc is { } a)
            {
                Add(values, "arcc", a.Value);
                Add(values, "arcc_complexity", a.Complexity);
                Add(values, "arcc_coherency", a.Coherency);
                Add(values, "arcc_road", a.Road);
            }
            if (MprtLast is { } last) Add(values, "mprt_last", last);
            if (MprtAverage is { } average) Add(values, "mprt_average", average);
            return values;
        }
    }

    private static void Add(List<KeyValuePair<string, double>> values, string name, double value) => values.Add(new(name, value));
}
