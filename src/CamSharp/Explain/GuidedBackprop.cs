using CamSharp.Engine;
using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// Guided Backpropagation (Springenberg et al., 2015, arXiv:1412.6806) and Guided Grad-CAM
/// (Selvaraju et al., 2017): the input gradient with every Relu's backward replaced by
/// g · [x &gt; 0] · [g &gt; 0]. As in pytorch-grad-cam only Relu is guided (ReLU6/Clip and SiLU are not).
/// </summary>
public static class GuidedBackprop
{
    /// <summary>The guided input gradient, N×C×H×W, one target per image.</summary>
    public static Tensor InputGradient(Model model, Tensor input, IReadOnlyList<OutputTarget> targets)
    {
        string name = model.Session.InputName;
        using var pass = model.Session.Run(input, new RunOptions { GradientsFor = [name] });
        var guided = new BackwardOptions { Override = GuidedRelu };
        using var grads = pass.Backward(targets, guided);
        return grads[name].Clone();
    }

    /// <summary>Relu's guided rule; other operators keep their own.</summary>
    private static bool GuidedRelu(Operator op, BackwardContext ctx)
    {
        if (op.Node.OpType != "Relu" || !ctx.NeedsInputGrad(0)) return false;
        var dx = Tensor.Zeros(ctx.InputInfo(0).Shape);
        if (ctx.OutputGrad(0) is { } g)
        {
            var y = ctx.Output(0).Floats;
            var gs = g.Floats;
            var d = dx.Floats;
            for (int i = 0; i < d.Length; i++) d[i] = y[i] > 0 && gs[i] > 0 ? gs[i] : 0;
        }
        ctx.SetInputGrad(0, dx);
        return true;
    }

    /// <summary>
    /// pytorch-grad-cam's <c>deprocess_image</c> for image <paramref name="b"/> of an N×3×H×W
    /// gradient, optionally multiplied per pixel by a [0,1] map (Guided Grad-CAM): zero mean,
    /// unit std (+1e-5), ×0.1, +0.5, clipped to [0,1], as RGB bytes.
    /// </summary>
    public static RgbImage ToImage(Tensor gradient, int b, float[]? camMap = null)
    {
        int c = gradient.Shape[1], h = gradient.Shape[2], w = gradient.Shape[3], plane = h * w;
        if (c != 3) throw new InputException($"Guided backprop draws 3-channel inputs; this input has {c} channels.");
        var values = new double[3 * plane];
        var g = gradient.Floats.Slice(b * 3 * plane, 3 * plane);
        for (int ch = 0; ch < 3; ch++)
            for (int i = 0; i < plane; i++)
                values[i * 3 + ch] = g[ch * plane + i] * (camMap?[i] ?? 1f);
        double mean = values.Average();
        double std = System.Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        var pixels = new byte[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double v = System.Math.Clamp((values[i] - mean) / (std + 1e-5) * 0.1 + 0.5, 0, 1);
            pixels[i] = (byte)(v * 255);
        }
        return new RgbImage(w, h, pixels);
    }
}
