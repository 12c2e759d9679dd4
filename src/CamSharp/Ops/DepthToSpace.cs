using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX DepthToSpace: moves blocks of channels into b×b spatial blocks, [N, C, H, W] →
/// [N, C/b², H·b, W·b]. Mode DCR (default) takes the block offset from the high channel
/// bits, CRD from the low ones (PixelShuffle). A pure permutation: the gradient is the
/// inverse permutation of the output gradient.
/// </summary>
internal sealed class DepthToSpace : Operator
{
    private readonly int _block;
    private readonly bool _crd;

    public DepthToSpace(Node node) : base(node)
    {
        _block = (int)Math.Clamp(node.Attributes.GetInt("blocksize"), 0, 1 << 16);
        if (_block < 1) throw Error($"blocksize {node.Attributes.GetInt("blocksize")} must be positive.");
        string mode = node.Attributes.GetString("mode", "DCR");
        if (mode is not ("DCR" or "CRD")) throw Error($"mode '{mode}' is not DCR or CRD.");
        _crd = mode == "CRD";
    }

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        int b2 = _block * _block;
        if (x.Rank != 4 || x.Shape[1] % b2 != 0)
            throw Error($"input {ShapeArgs.Format(x.Shape)} must be [N, C, H, W] with C divisible by blocksize² = {b2}.");
        ctx.SetOutput(0, x.Type, [x.Shape[0], x.Shape[1] / b2, checked(x.Shape[2] * _block), checked(x.Shape[3] * _block)]);
    }

    public override void Forward(ForwardContext ctx) =>
        ElementCopy.Permute(ctx.Input(0), ctx.Output(0), SourceMap(ctx.Output(0).Shape), gather: true);

    public override void Backward(BackwardContext ctx)
    {
        if (!ctx.NeedsInputGrad(0)) return;
        var gx = Tensor.Zeros(DataType.Float32, ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } gy) ElementCopy.Permute(gy, gx, SourceMap(gy.Shape), gather: false);
        ctx.SetInputGrad(0, gx);
    }

    /// <summary>For each output element, the flat input index it comes from.</summary>
    private int[] SourceMap(int[] outShape)
    {
        int n = outShape[0], c = outShape[1], h = outShape[2], w = outShape[3], b = _block;
        int hIn = h / b, wIn = w / b, cIn = c * b * b;
        var map = new int[n * c * h * w];
        int k = 0;
        for (int ni = 0; ni < n; ni++)
            for (int ci = 0; ci < c; ci++)
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        int i = y % b, j = x % b;
                        int channel = _crd ? (ci * b + i) * b + j : (i * b + j) * c + ci;
                        map[k++] = ((ni * cIn + channel) * hIn + y / b) * wIn + x / b;
                    }
        return map;
    }
}
