using CamSharp.Explain.Math;

namespace CamSharp.Explain;

/// <summary>
/// A class activation map method. The pipeline (<see cref="CamRunner"/>) captures the
/// layer, scores the targets, runs backward when needed, and normalises, resizes and
/// aggregates; a method overrides one of two points: <see cref="ChannelWeights"/> (one
/// weight per channel, map = Σ_c w_c A_c) or <see cref="LayerMap"/> (the whole map).
/// </summary>
public abstract class CamMethod
{
    /// <summary>The name as pytorch-grad-cam's <c>cam.py</c> spells it, lower case (<c>gradcam++</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Whether the pipeline must compute gradients of the target at the layer.</summary>
    public virtual bool UsesGradients => true;

    /// <summary>Weights [C] for image <paramref name="b"/>; used by the default <see cref="LayerMap"/>.</summary>
    protected virtual float[] ChannelWeights(CamContext ctx, CamLayer layer, int b) =>
        throw new NotSupportedException($"{GetType().Name} must override ChannelWeights or LayerMap.");

    /// <summary>
    /// The raw map (h·w values, before ReLU and normalisation) of image <paramref name="b"/>.
    /// Default: Σ_c w_c A_c, or with eigen smoothing the first principal component of the
    /// weighted activations.
    /// </summary>
    public virtual float[] LayerMap(CamContext ctx, CamLayer layer, int b)
    {
        var w = ChannelWeights(ctx, layer, b);
        ctx.RecordWeights(layer, b, w);
        int c = layer.Channels, p = layer.Pixels;
        if (ctx.Options.EigenSmooth)
        {
            var weighted = new float[c * p];
            for (int k = 0; k < c; k++)
            {
                var a = layer.A(b, k);
                for (int i = 0; i < p; i++) weighted[k * p + i] = w[k] * a[i];
            }
            return Projection.FirstComponent(weighted, c, p, ctx.Options.FixSign);
        }
        var map = new float[p];
        for (int k = 0; k < c; k++)
        {
            var a = layer.A(b, k);
            float wk = w[k];
            for (int i = 0; i < p; i++) map[i] += wk * a[i];
        }
        return map;
    }

    /// <summary>Sum over channels of an element-wise map f(A, G), or its first principal component with eigen smoothing (always with <paramref name="project"/>).</summary>
    protected static float[] SumOrProject(CamContext ctx, CamLayer layer, int b, Func<float, float, float> element, bool project = false)
    {
        int c = layer.Channels, p = layer.Pixels;
        var values = new float[c * p];
        for (int k = 0; k < c; k++)
        {
            var a = layer.A(b, k);
            var g = layer.Gradients is null ? default : layer.G(b, k);
            for (int i = 0; i < p; i++) values[k * p + i] = element(a[i], g.IsEmpty ? 0 : g[i]);
        }
        if (project || ctx.Options.EigenSmooth) return Projection.FirstComponent(values, c, p, ctx.Options.FixSign);
        var map = new float[p];
        for (int k = 0; k < c; k++)
            for (int i = 0; i < p; i++) map[i] += values[k * p + i];
        return map;
    }

    public override string ToString() => Name;
}
