using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Runs one model. Plans are made per input shape and cached; a session may be used from
/// several threads at once (each <see cref="Run(Tensor, RunOptions?)"/> returns its own
/// <see cref="ForwardPass"/>, which is not itself thread-safe).
/// </summary>
public sealed class Session
{
    private const int MaxCachedPlans = 16;
    private readonly Dictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public Session(Graph graph) => Graph = graph;

    public Graph Graph { get; }

    /// <summary>The name of the first (usually only) graph input.</summary>
    public string InputName => Graph.Inputs.Count > 0 ? Graph.Inputs[0].Name : throw new ModelException($"{Graph.Source} has no inputs.");

    /// <summary>The plan for one float input of this shape.</summary>
    public Plan GetPlan(params int[] inputShape) =>
        GetPlan(new Dictionary<string, TensorInfo> { [InputName] = new(DataType.Float32, inputShape) });

    /// <summary>The plan for inputs of these types and shapes (cached).</summary>
    public Plan GetPlan(IReadOnlyDictionary<string, TensorInfo> inputs)
    {
        string key = string.Join(";", inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}:{kv.Value.Type}:{ShapeUtil.Format(kv.Value.Shape)}"));
        lock (_gate)
        {
            if (_plans.TryGetValue(key, out var cached)) return cached;
        }
        var plan = BuildPlan(inputs);
        lock (_gate)
        {
            if (_plans.Count >= MaxCachedPlans) _plans.Clear();
            _plans[key] = plan;
        }
        return plan;
    }

    /// <summary>Runs the model on one input tensor.</summary>
    public ForwardPass Run(Tensor input, RunOptions? options = null) =>
        Run(new Dictionary<string, Tensor> { [InputName] = input }, options);

    /// <summary>Runs the model. Input tensors stay the caller's; everything else belongs to the pass.</summary>
    public ForwardPass Run(IReadOnlyDictionary<string, Tensor> inputs, RunOptions? options = null)
    {
        var plan = GetPlan(inputs.ToDictionary(kv => kv.Key, kv => new TensorInfo(kv.Value.Type, kv.Value.Shape)));
        if (!plan.BatchSafe)
            throw new InputException($"{Graph.Source} cannot run a batch of {plan.Batch}: {plan.BatchProblem}. Run one image at a time.");
        return new ForwardPass(this, plan, inputs, options ?? RunOptions.Default);
    }

    private Plan BuildPlan(IReadOnlyDictionary<string, TensorInfo> inputs)
    {
        try
        {
            return Planner.Build(Graph, inputs);
        }
        catch (ModelException e) when (inputs.Values.Any(i => i.Rank > 0 && i.Shape[0] > 1))
        {
            // A batch-1 export may refuse larger batches during shape inference; say so plainly.
            throw new InputException($"{Graph.Source} does not accept a batch of {inputs.Values.First().Shape[0]}: {e.Message}", e);
        }
    }
}
