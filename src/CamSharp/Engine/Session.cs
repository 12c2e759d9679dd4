using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// Runs one model. Plans are made per input shape, checked against <see cref="Limits"/>, and
/// cached. A session may be used from several threads at once: plans and the graph are
/// immutable once made, operators keep no per-run state, and each
/// <see cref="Run(Tensor, RunOptions?)"/> returns its own <see cref="ForwardPass"/>, which
/// is not itself thread-safe (use one pass from one thread). Disposing drops the cached plans
/// (their prepacked weights are most of a session's memory); a disposed session runs nothing.
/// </summary>
public sealed class Session : IDisposable
{
    private const int MaxCachedPlans = 16;
    private readonly Dictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _disposed;
    private (DataType Type, int[] Shape, Plan Plan)? _lastImagePlan;
    private long _runs;

    /// <summary>Forward passes this session has started, for tests that count them.</summary>
    internal long RunCount => Interlocked.Read(ref _runs);

    public Session(Graph graph, ResourceLimits? limits = null)
    {
        Graph = graph;
        Limits = limits ?? ResourceLimits.Default;
    }

    public Graph Graph { get; }

    /// <summary>The caps every plan is checked against; <see cref="ResourceLimits.MemoryBytes"/> is the per-pass memory budget.</summary>
    public ResourceLimits Limits { get; }

    /// <summary>The name of the first (usually only) graph input.</summary>
    public string InputName => Graph.Inputs.Count > 0 ? Graph.Inputs[0].Name : throw new ModelException($"{Graph.Source} has no inputs.");

    /// <summary>The plan for one float input of this shape.</summary>
    public Plan GetPlan(params int[] inputShape) =>
        GetPlan(new Dictionary<string, TensorInfo> { [InputName] = new(DataType.Float32, inputShape) });

    /// <summary>
    /// The plan for inputs of these types and shapes (cached), with the first input's first
    /// dimension checked as an image batch (<see cref="Plan.BatchSafe"/>).
    /// </summary>
    public Plan GetPlan(IReadOnlyDictionary<string, TensorInfo> inputs) => GetPlan(inputs, checkBatch: true);

    private Plan GetPlan(IReadOnlyDictionary<string, TensorInfo> inputs, bool checkBatch)
    {
        string key = Key(inputs) + (checkBatch ? "" : ";unchecked");
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_plans.TryGetValue(key, out var cached)) return cached;
        }
        var plan = BuildPlan(inputs, checkBatch);
        Cache(key, plan);
        return plan;
    }

    /// <summary>
    /// Plans for these inputs collecting every node whose shapes do not work out into
    /// <paramref name="problems"/> instead of stopping at the first; a clean plan is cached.
    /// Used to validate a model at load.
    /// </summary>
    internal Plan? CheckPlan(IReadOnlyDictionary<string, TensorInfo> inputs, List<string> problems)
    {
        int before = problems.Count;
        var plan = Planner.Build(Graph, inputs, Limits, checkBatch: false, problems);
        if (problems.Count > before) return null;
        // Only batch-1 plans: a larger batch must also be checked for rows that would mix.
        if (plan.Batch <= 1) Cache(Key(inputs), plan);
        return plan;
    }

    private void Cache(string key, Plan plan)
    {
        lock (_gate)
        {
            if (_plans.Count >= MaxCachedPlans)
            {
                _plans.Clear();
                _lastImagePlan = null;
            }
            _plans[key] = plan;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _plans.Clear();
            _lastImagePlan = null;
        }
    }

    private static string Key(IReadOnlyDictionary<string, TensorInfo> inputs) =>
        string.Join(";", inputs.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}:{kv.Value.Type}:{ShapeUtil.Format(kv.Value.Shape)}"));

    /// <summary>
    /// Runs the model on one image batch: the input's first dimension is a batch of images,
    /// so a model whose rows would mix at that batch size (a batch-1 export with a baked-in
    /// reshape) is refused rather than run.
    /// </summary>
    public ForwardPass Run(Tensor input, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (TakesOneImage && input is { Rank: 4 } && input.Shape[0] == 1) return RunOneImage(input, options);
        var inputs = new Dictionary<string, Tensor> { [InputName] = input };
        var plan = LastImagePlan(input);
        if (plan is null)
        {
            plan = GetPlan(Infos(inputs), checkBatch: true);
            lock (_gate) _lastImagePlan = (input.Type, (int[])input.Shape.Clone(), plan);
        }
        if (!plan.BatchSafe)
            throw new InputException($"{Graph.Source} cannot run a batch of {plan.Batch}: {plan.BatchProblem}. Run one image at a time.");
        Interlocked.Increment(ref _runs);
        options ??= RunOptions.Default;
        if (PerImageBatch.SinglePlan(this, plan, input, options) is { } single) return PerImageBatch.Run(this, plan, single, input, options);
        return new ForwardPass(this, plan, inputs, options);
    }

    /// <summary>The plan of the last <see cref="Run(Tensor, RunOptions?)"/> if this input has its type and shape: no key string per run.</summary>
    private Plan? LastImagePlan(Tensor input)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _lastImagePlan is var (type, shape, plan) && type == input.Type && shape.AsSpan().SequenceEqual(input.Shape) ? plan : null;
        }
    }

    /// <summary>
    /// Whether the first input is one unbatched [3, H, W] image: torchvision's detection models
    /// take a list of images, which an export with one image writes as a rank-3 input.
    /// <see cref="Run(Tensor, RunOptions?)"/> runs a batch of one on it as that image.
    /// </summary>
    public bool TakesOneImage => Graph.Inputs.Count > 0 && Graph.Inputs[0].Shape is [3, _, _];

    private ForwardPass RunOneImage(Tensor batch, RunOptions? options)
    {
        var image = batch.Clone(batch.Shape[1..]);
        try
        {
            var pass = Run(new Dictionary<string, Tensor> { [InputName] = image }, options);
            pass.Own(InputName);  // the copy is the pass's to free
            return pass;
        }
        catch
        {
            image.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the model on named inputs exactly as the graph says, with no assumption that any
    /// dimension is an image batch. Input tensors stay the caller's; everything else belongs to the pass.
    /// </summary>
    public ForwardPass Run(IReadOnlyDictionary<string, Tensor> inputs, RunOptions? options = null)
    {
        Interlocked.Increment(ref _runs);
        return new(this, GetPlan(Infos(inputs), checkBatch: false), inputs, options ?? RunOptions.Default);
    }

    private static Dictionary<string, TensorInfo> Infos(IReadOnlyDictionary<string, Tensor> inputs) =>
        inputs.ToDictionary(kv => kv.Key, kv => new TensorInfo(kv.Value.Type, kv.Value.Shape));

    private Plan BuildPlan(IReadOnlyDictionary<string, TensorInfo> inputs, bool checkBatch)
    {
        try
        {
            return Planner.Build(Graph, inputs, Limits, checkBatch);
        }
        catch (ModelException e) when (checkBatch && inputs.Values.Any(i => i.Rank > 0 && i.Shape[0] > 1))
        {
            // A batch-1 export may refuse larger batches during shape inference; say so plainly.
            throw new InputException($"{Graph.Source} does not accept a batch of {inputs.Values.First().Shape[0]}: {e.Message}", e);
        }
        catch (ModelException e) when (e.GetType() == typeof(ModelException) && !e.Message.StartsWith(Graph.Source, StringComparison.Ordinal))
        {
            // A node that cannot take this input size (a pooling kernel larger than a 4-pixel-high
            // image): name the model and the input, not only the node.
            string given = string.Join(", ", inputs.Select(kv => $"'{kv.Key}' [{ShapeUtil.Format(kv.Value.Shape)}]"));
            throw new ModelException($"{Graph.Source} cannot run input {given}: {e.Message}", e);
        }
    }
}
