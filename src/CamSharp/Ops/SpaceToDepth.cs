using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX SpaceToDepth: the inverse of DepthToSpace in DCR mode, [N, C, H, W] →
/// [N, C·b², H/b, W/b], output channel (i·b + j)·C + c taking pixel (y·b + i, x·b + j).
/// A permutation: the gradient is the inverse permutation.
/// </summary>
internal sealed class SpaceToDepth : Operator
{
    private readonly int _block;

    public SpaceToDepth(Node node) : base(node)
    {
        _block = (int)Math.Clamp(node.Attributes.GetInt("blocksize"), 0, 1 << 16);
        if (_block < 1) throw Error($"blocksize {node.Attributes.GetInt("blocksize")} must be positive.");
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Rank != 4 || x.Shape[2] % _block != 0 || x.Shape[3] % _block != 0)
            throw Error($"input {ShapeArgs.Format(x.Shape)} must be [N, C, H, W] with H and W divisible by blocksize {_block}.");
        ctx.SetOutput(0, x.Type, [x.Shape[0], checked(x.Shape[1] * _block * _block), x.Shape[2] / _block, x.Shape[3] / _block]);
    }

    public override void Forward(ForwardContext ctx)
    {
        // Block size 2 on floats is the Focus stem's pass with the phases in this operator's order.
        if (_block == 2 && ctx.Input(0).Type == DataType.Float32) FocusSpaceToDepth.Split(ctx.Input(0), ctx.Output(0), InOrder);
        else ElementCopy.Permute(ctx.Input(0), ctx.Output(0), SourceMap(ctx.Input(0).Shape), gather: true);
    }

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var shape = ctx.InputInfo(0).Shape;
        if (_block == 2 && ctx.OutputGrad(0) is { } g2)
        {
            var gx2 = Tensor.Uninitialized(DataType.Float32, shape);
            FocusSpaceToDepth.Merge(g2, gx2, InOrder);
            ctx.SetInputGrad(0, gx2);
            return;
        }
        var gx = Tensor.Zeros(DataType.Float32, shape);
        if (ctx.OutputGrad(0) is { } gy) ElementCopy.Permute(gy, gx, SourceMap(shape), gather: false);
        ctx.SetInputGrad(0, gx);
    }

    /// <summary>Output channel block i·2 + j takes pixel phase (i, j).</summary>
    private static readonly int[] InOrder = [0, 1, 2, 3];

    /// <summary>For each output element, the flat input index it comes from.</summary>
    private int[] SourceMap(int[] inShape)
    {
        int n = inShape[0], c = inShape[1], b = _block, h = inShape[2] / b, w = inShape[3] / b;
        var map = new int[n * c * b * b * h * w];
        int k = 0;
        for (int ni = 0; ni < n; ni++)
            for (int i = 0; i < b; i++)
                for (int j = 0; j < b; j++)
                    for (int ci = 0; ci < c; ci++)
                        for (int y = 0; y < h; y++)
                            for (int x = 0; x < w; x++)
                                map[k++] = ((ni * c + ci) * h * b + y * b + i) * w * b + x * b + j;
        return map;
    }
}
