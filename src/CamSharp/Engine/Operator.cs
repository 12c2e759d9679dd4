using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>What an operator's backward reads besides the output gradients.</summary>
[Flags]
public enum BackwardNeeds
{
    None = 0,
    Inputs = 1,
    Outputs = 2,
}

/// <summary>
/// One ONNX node bound to its attributes. Subclasses live in <c>Ops/</c>, one file per
/// operator family, with forward and backward side by side.
/// <para>
/// The executor calls <see cref="Infer"/> once per plan (shapes, types, and constant
/// outputs when they follow from shapes alone), then <see cref="Forward"/> with outputs
/// already allocated to the inferred shapes.
/// </para>
/// </summary>
public abstract class Operator
{
    protected Operator(Node node) => Node = node;

    public Node Node { get; }

    /// <summary>Output types and shapes from input types, shapes and any constant inputs.</summary>
    public abstract void Infer(InferContext ctx);

    /// <summary>Writes every element of every output.</summary>
    public abstract void Forward(ForwardContext ctx);

    /// <summary>
    /// Whether <see cref="Forward"/> honours <see cref="ForwardContext.Activation"/>, so the
    /// executor may fold a following Relu, Clip or SiLU into it (see <see cref="ActivationFusion"/>).
    /// </summary>
    public virtual bool FusesActivation => false;

    /// <summary>
    /// Whether output 0 holds input 0's elements unchanged, in order, under another shape (Reshape,
    /// Flatten, Squeeze, Unsqueeze, Identity): when nothing else needs the input, the executor hands
    /// its buffer to the output instead of running <see cref="Forward"/> (see <see cref="BufferHandover"/>).
    /// </summary>
    internal virtual bool RelabelsInput => false;

    /// <summary>Whether gradients can pass through this operator at all.</summary>
    public virtual bool IsDifferentiable => true;

    /// <summary>What <see cref="Backward"/> reads; the executor keeps exactly that.</summary>
    public virtual BackwardNeeds Needs => BackwardNeeds.Inputs;

    /// <summary>
    /// Computes the gradient of each input for which <see cref="BackwardContext.NeedsInputGrad"/>
    /// is true and hands it to <see cref="BackwardContext.SetInputGrad"/>.
    /// </summary>
    public virtual void Backward(BackwardContext ctx) =>
        throw new ModelException($"{Node}: gradients cannot flow through {Node.OpType}.");

    /// <summary>An error that names this node.</summary>
    protected ModelException Error(string message) => new($"{Node}: {message}");
}

/// <summary>Type and shape of a value, known at plan time.</summary>
public readonly record struct TensorInfo(DataType Type, int[] Shape)
{
    public int Rank => Shape.Length;

    public override string ToString() => $"{Type}[{ShapeUtil.Format(Shape)}]";
}
