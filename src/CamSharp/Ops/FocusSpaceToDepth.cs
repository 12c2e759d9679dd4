using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// YOLOv5's and YOLOX's Focus stem as one operator: the four pixel phases of an [N, C, H, W] image
/// (x[..., ::2, ::2], x[..., 1::2, ::2], x[..., ::2, 1::2], x[..., 1::2, 1::2]) stacked along channels,
/// [N, 4C, H/2, W/2]. That is SpaceToDepth with block size 2 in another block order: attribute
/// <c>phases</c> gives, for each of the four channel blocks, the phase it holds as 2·row + column
/// offset (Focus: 0, 2, 1, 3; ONNX SpaceToDepth: 0, 1, 2, 3). Made at plan time by
/// <see cref="FocusFusion"/> from the Slices and the Concat that write it, never read from a file.
/// A permutation of the input: the gradient puts each output gradient back where its pixel came from.
/// </summary>
internal sealed class FocusSpaceToDepth : Operator
{
    /// <summary>The op type (in domain <see cref="RequantizedConv.Domain"/>) of the nodes the fusion makes.</summary>
    public const string OpType = "FocusSpaceToDepth";

    /// <summary>The Focus stem's order: top-left, bottom-left, top-right, bottom-right.</summary>
    public static readonly long[] FocusPhases = [0, 2, 1, 3];

    private readonly int[] _phases;

    public FocusSpaceToDepth(Node node) : base(node)
    {
        if (node.Domain != RequantizedConv.Domain)
            throw Error($"operator '{OpType}' is internal to CamSharp (domain {RequantizedConv.Domain}), not an ONNX operator.");
        var phases = node.Attributes.GetInts("phases") ?? FocusPhases;
        if (phases.Length != 4 || phases.Order().Select((p, i) => p == i).Contains(false))
            throw Error($"attribute 'phases' [{string.Join(", ", phases)}] must hold 0, 1, 2 and 3 in some order.");
        _phases = [.. phases.Select(p => (int)p)];
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank != 4 || x.Shape[2] % 2 != 0 || x.Shape[3] % 2 != 0)
            throw Error($"input {x} must be Float32 [N, C, H, W] with even H and W.");
        ctx.SetOutput(0, x.Type, [x.Shape[0], checked(x.Shape[1] * 4), x.Shape[2] / 2, x.Shape[3] / 2]);
    }

    public override void Forward(ForwardContext ctx) => Split(ctx.Input(0), ctx.Output(0), _phases);

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } gy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(DataType.Float32, shape));
            return;
        }
        var gx = Tensor.Uninitialized(DataType.Float32, shape);
        Merge(gy, gx, _phases);
        ctx.SetInputGrad(0, gx);
    }

    /// <summary>y = the four phases of x in the order <paramref name="phases"/>, over the cores.</summary>
    internal static void Split(Tensor x, Tensor y, int[] phases)
    {
        var g = new PhaseGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], phases);
        ParallelChunks.For(g.Rows, (from, count) => PhaseSplit.Split(x.Floats, y.Floats, g, from, from + count), MinRows(g));
    }

    /// <summary>The inverse of <see cref="Split"/>: x from its phases y.</summary>
    internal static void Merge(Tensor y, Tensor x, int[] phases)
    {
        var g = new PhaseGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], phases);
        ParallelChunks.For(g.Rows, (from, count) => PhaseSplit.Merge(y.Floats, x.Floats, g, from, from + count), MinRows(g));
    }

    /// <summary>Rows per parallel chunk: each moves two input rows, and a chunk should move at least <see cref="ParallelChunks.MinChunk"/> elements.</summary>
    private static int MinRows(PhaseGeometry g) => Math.Max(1, ParallelChunks.MinChunk / Math.Max(2 * g.Width, 1));
}
