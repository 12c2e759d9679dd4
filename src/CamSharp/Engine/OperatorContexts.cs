using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Engine;

/// <summary>Plan-time view of one node: input infos and constant inputs; collects output infos.</summary>
public sealed class InferContext
{
    private readonly TensorInfo?[] _inputs;
    private readonly Tensor?[] _constants;

    public InferContext(TensorInfo?[] inputs, Tensor?[] constants, int outputCount)
    {
        _inputs = inputs;
        _constants = constants;
        Outputs = new TensorInfo?[outputCount];
        ConstantOutputs = new Tensor?[outputCount];
    }

    public int InputCount => _inputs.Length;

    /// <summary>The caps of the plan being built: an operator that computes while inferring (Loop) keeps its own work within them.</summary>
    internal ResourceLimits Limits { get; init; } = ResourceLimits.Default;

    public TensorInfo?[] Outputs { get; }

    public Tensor?[] ConstantOutputs { get; }

    /// <summary>True when input <paramref name="i"/> is given (optional inputs may be absent).</summary>
    public bool HasInput(int i) => i < _inputs.Length && _inputs[i] is not null;

    /// <summary>Info of a required input.</summary>
    public TensorInfo Input(int i) => HasInput(i) ? _inputs[i]!.Value : throw new ModelException($"Input {i} is required but missing.");

    public int[] Shape(int i) => Input(i).Shape;

    /// <summary>The value of input <paramref name="i"/> if it is known at plan time.</summary>
    public Tensor? Constant(int i) => i < _constants.Length ? _constants[i] : null;

    /// <summary>The value of an input that must be known at plan time (shape, axes, pads inputs).</summary>
    /// <remarks>
    /// When it is not, the node's shapes depend on the data: the planner defers the node and
    /// infers it again at run time, when every input is known.
    /// </remarks>
    public Tensor RequireConstant(int i, string what) =>
        Constant(i) ?? throw new DataDependentException($"Input {i} ({what}) must be a constant or computable from shapes; it depends on the image data.");

    public void SetOutput(int i, DataType type, int[] shape) => Outputs[i] = new TensorInfo(type, shape);

    /// <summary>
    /// Declares an output whose shape depends on input values that are not known yet
    /// (NonZero's count): the planner defers the node, and at run time, with every input
    /// known, <see cref="Operator.Infer"/> runs again and must set the shape.
    /// </summary>
    public void SetDynamicOutput(int i, DataType type)
    {
        Outputs[i] = null;
        DynamicTypes ??= new DataType?[Outputs.Length];
        DynamicTypes[i] = type;
    }

    /// <summary>By output: the element type of outputs declared with <see cref="SetDynamicOutput"/> (null when none are).</summary>
    public DataType?[]? DynamicTypes { get; private set; }

    /// <summary>True when output <paramref name="i"/> was declared with <see cref="SetDynamicOutput"/>.</summary>
    public bool IsDynamic(int i) => DynamicTypes?[i] is not null;

    /// <summary>Declares an output whose value follows from shapes alone (Shape, for one).</summary>
    public void SetConstantOutput(int i, Tensor value)
    {
        Outputs[i] = new TensorInfo(value.Type, value.Shape);
        ConstantOutputs[i] = value;
    }
}

/// <summary>Run-time view of one node: input tensors and preallocated outputs.</summary>
public sealed class ForwardContext
{
    private readonly Tensor?[] _inputs;
    private readonly Tensor[] _outputs;

    internal ForwardContext(Tensor?[] inputs, Tensor[] outputs, Activation activation = default)
    {
        _inputs = inputs;
        _outputs = outputs;
        Activation = activation;
    }

    /// <summary>
    /// An activation the executor fused into this node (only for operators whose
    /// <see cref="Operator.FusesActivation"/> is true): apply it to output 0 before storing.
    /// </summary>
    internal Activation Activation { get; }

    public int InputCount => _inputs.Length;

    public bool HasInput(int i) => i < _inputs.Length && _inputs[i] is not null;

    public Tensor Input(int i) => HasInput(i) ? _inputs[i]! : throw new ModelException($"Input {i} is required but missing.");

    public Tensor? OptionalInput(int i) => HasInput(i) ? _inputs[i] : null;

    /// <summary>Output <paramref name="i"/>, allocated with the inferred shape; contents are garbage.</summary>
    public Tensor Output(int i) => _outputs[i];

    public int OutputCount => _outputs.Length;

    /// <summary>Accumulate in float64 (<see cref="RunOptions.Precise"/>); operators without a precise path ignore it.</summary>
    public bool Precise { get; init; }
}

/// <summary>Backward view of one node.</summary>
public sealed class BackwardContext
{
    private readonly Tensor?[] _inputs;
    private readonly Tensor?[] _outputs;
    private readonly Tensor?[] _outputGrads;
    private readonly TensorInfo?[] _inputInfos;
    private readonly bool[] _needs;

    public BackwardContext(Tensor?[] inputs, TensorInfo?[] inputInfos, Tensor?[] outputs, Tensor?[] outputGrads, bool[] needsInputGrad)
    {
        _inputs = inputs;
        _inputInfos = inputInfos;
        _outputs = outputs;
        _outputGrads = outputGrads;
        _needs = needsInputGrad;
        InputGrads = new Tensor?[inputs.Length];
    }

    /// <summary>Gradients handed back by the operator, one per input (null where not needed).</summary>
    public Tensor?[] InputGrads { get; }

    public int InputCount => _inputs.Length;

    /// <summary>The forward ran with <see cref="RunOptions.Precise"/>: keep to the plain kernels (no Winograd).</summary>
    public bool Precise { get; init; }

    public bool HasInput(int i) => i < _inputInfos.Length && _inputInfos[i] is not null;

    /// <summary>An input value; available when the operator's <see cref="Operator.Needs"/> includes inputs, and always for constants.</summary>
    public Tensor Input(int i) => i < _inputs.Length && _inputs[i] is { } t ? t : throw new InvalidOperationException($"Input {i} was not kept for backward.");

    public Tensor? OptionalInput(int i) => i < _inputs.Length ? _inputs[i] : null;

    public TensorInfo InputInfo(int i) => _inputInfos[i] ?? throw new InvalidOperationException($"Input {i} is absent.");

    /// <summary>An output value; available when <see cref="Operator.Needs"/> includes outputs.</summary>
    public Tensor Output(int i) => _outputs[i] ?? throw new InvalidOperationException($"Output {i} was not kept for backward.");

    /// <summary>Gradient of output <paramref name="i"/>, or null when nothing downstream depends on it (zero).</summary>
    public Tensor? OutputGrad(int i) => i < _outputGrads.Length ? _outputGrads[i] : null;

    /// <summary>Whether the caller wants the gradient of input <paramref name="i"/>.</summary>
    public bool NeedsInputGrad(int i) => i < _needs.Length && _needs[i];

    /// <summary>Hands over the gradient of input <paramref name="i"/> (the executor owns it afterwards).</summary>
    public void SetInputGrad(int i, Tensor grad)
    {
        var info = InputInfo(i);
        if (!ShapeUtil.Equal(grad.Shape, info.Shape))
            throw new InvalidOperationException($"Gradient of input {i} has shape [{ShapeUtil.Format(grad.Shape)}], expected [{ShapeUtil.Format(info.Shape)}].");
        InputGrads[i] = grad;
    }
}
