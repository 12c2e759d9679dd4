using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// ShapleyCAM (Cai et al., 2025, arXiv:2501.06261): w_c = mean_hw(G − ½·H·A), the gradient
/// corrected by the Hessian-vector product in the direction of the activations. H·A is the
/// central difference (∇f(A(1+ε)) − ∇f(A(1−ε))) / 2ε, each gradient from re-running only the
/// layers downstream. With a piecewise-linear head and a logit target H·A vanishes and the map
/// equals Grad-CAM; with softmax-based targets (ReST) it does not.
/// </summary>
public sealed class ShapleyCam(float epsilon = 1e-3f) : CamMethod, IRerunsDownstream
{
    // H·A per layer for the context (pass and targets) it was computed in (a method object serves many images).
    private readonly Dictionary<string, Tensor> _hvp = [];
    private CamContext? _hvpContext;

    public override string Name => "shapleycam";

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        var hv = HessianTimesActivations(ctx, layer);
        var w = new float[layer.Channels];
        int plane = layer.Pixels;
        for (int c = 0; c < w.Length; c++)
        {
            var g = layer.G(b, c);
            var h = hv.Floats.Slice((b * layer.Channels + c) * plane, plane);
            double sum = 0;
            for (int i = 0; i < plane; i++) sum += g[i] - 0.5 * h[i];
            w[c] = (float)(sum / plane);
        }
        return w;
    }

    private Tensor HessianTimesActivations(CamContext ctx, CamLayer layer)
    {
        // H·A depends on the pass and the targets: one context is one pair of them.
        if (!ReferenceEquals(_hvpContext, ctx))
        {
            foreach (var t in _hvp.Values) t.Dispose();
            _hvp.Clear();
            _hvpContext = ctx;
        }
        if (_hvp.TryGetValue(layer.Value, out var cached)) return cached;
        var a = ctx.Pass.Value(layer.Value);
        if (!ShapeUtil.Equal(a.Shape, layer.Activations.Shape))
            throw new InputException("ShapleyCAM does not support reshaped (token or channels-last) layers yet.");
        using var up = Scaled(a, 1 + epsilon);
        using var down = Scaled(a, 1 - epsilon);
        using var gUp = ctx.Pass.GradientAt(layer.Value, up, ctx.Targets);
        using var gDown = ctx.Pass.GradientAt(layer.Value, down, ctx.Targets);
        var hv = Tensor.Uninitialized(DataType.Float32, a.Shape);
        System.Numerics.Tensors.TensorPrimitives.Subtract(gUp.Floats, gDown.Floats, hv.Floats);
        System.Numerics.Tensors.TensorPrimitives.Multiply(hv.Floats, 1f / (2 * epsilon), hv.Floats);
        _hvp[layer.Value] = hv;
        return hv;
    }

    private static Tensor Scaled(Tensor a, float factor)
    {
        var t = Tensor.Uninitialized(DataType.Float32, a.Shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(a.Floats, factor, t.Floats);
        return t;
    }
}
