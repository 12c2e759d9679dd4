namespace CamSharp.Engine;

/// <summary>What a forward pass must keep besides the graph outputs.</summary>
public sealed record RunOptions
{
    /// <summary>Values to keep and hand back (layer activations).</summary>
    public IReadOnlyList<string> Taps { get; init; } = [];

    /// <summary>
    /// Values whose gradients <see cref="ForwardPass.Backward(IReadOnlyList{OutputTarget}, BackwardOptions?)"/> will return.
    /// The pass keeps exactly what the backward through the nodes between them and the
    /// outputs needs. May include a graph input for input gradients.
    /// </summary>
    public IReadOnlyList<string> GradientsFor { get; init; } = [];

    /// <summary>Values from which <see cref="ForwardPass.RunFrom(string, Tensors.Tensor)"/> may re-run the graph; their side inputs are cached.</summary>
    public IReadOnlyList<string> RerunFrom { get; init; } = [];

    /// <summary>
    /// Let convolutions apply a following Relu, Clip or SiLU in their epilogue where nothing
    /// needs the value in between (see <see cref="ActivationFusion"/>), and a Focus stem's Slices and
    /// Concat run as one pass (see <see cref="FocusFusion"/>). Off computes every node on its own;
    /// results agree to rounding either way.
    /// </summary>
    public bool FuseActivations { get; init; } = true;

    /// <summary>
    /// Let producers write straight into their block of a batch-1 Concat's output where nothing needs
    /// the block as a value of its own (see <see cref="ConcatInPlace"/>); off copies every block, as
    /// <see cref="FuseActivations"/> off does too. Results are identical either way (tests run both).
    /// </summary>
    internal bool WriteConcatsInPlace { get; init; } = true;

    /// <summary>
    /// Accumulate Conv, Gemm and MatMul in float64 (several times slower). Float32 rounding
    /// can put a ReLU/Clip input that is truly a hair above its kink below it, which moves a
    /// gradient by percents; this leaves only the rounding of stored values.
    /// </summary>
    public bool Precise { get; init; }

    /// <summary>
    /// Keep the inputs and outputs of every node the backward visits, whatever the node's own
    /// rule reads, for a <see cref="BackwardOverride"/> that needs them (LRP's rules read each
    /// layer's input and output).
    /// </summary>
    public bool KeepForOverride { get; init; }

    /// <summary>Record each node's wall time in <see cref="ForwardPass.NodeTimes"/> (for benchmarks).</summary>
    public bool Profile { get; init; }

    /// <summary>
    /// Whether <see cref="Session.Run(Tensors.Tensor, RunOptions?)"/> may run a batch as one pass per
    /// image, the images spread over the cores (see <see cref="PerImageBatch"/>). Only a pass that
    /// keeps nothing but the outputs splits; results agree to rounding either way.
    /// </summary>
    public BatchSplit SplitBatch { get; init; } = BatchSplit.Auto;

    public static RunOptions Default { get; } = new();
}

/// <summary>Replaces an operator's backward rule for one call; returns false to use the normal rule.</summary>
public delegate bool BackwardOverride(Operator op, BackwardContext ctx);

/// <summary>Options of one backward pass.</summary>
public sealed record BackwardOptions
{
    /// <summary>A hook that may take over an operator's backward (Guided Backprop replaces Relu's).</summary>
    public BackwardOverride? Override { get; init; }
}

/// <summary>How a batch runs: <see cref="Auto"/> splits it per image where that is expected to be faster.</summary>
public enum BatchSplit
{
    Auto,
    Never,
    Always,
}
