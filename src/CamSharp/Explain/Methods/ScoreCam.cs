using CamSharp.Engine;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Imaging.Resize;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// Score-CAM (Wang et al., CVPR-W 2020, arXiv:1910.01279): each channel, upsampled to the
/// input with align_corners bilinear and min–max scaled, masks the input; the target's
/// scores on the masked inputs, through a softmax over channels, are the weights.
/// </summary>
public sealed class ScoreCam : CamMethod
{
    public override string Name => "scorecam";

    public override bool UsesGradients => false;

    protected override float[] ChannelWeights(CamContext ctx, CamLayer layer, int b)
    {
        int channels = layer.Channels, cIn = ctx.Input.Shape[1], height = ctx.Input.Shape[2], width = ctx.Input.Shape[3];
        int plane = height * width, imageSize = cIn * plane;
        // A channel that is zero everywhere (a dead ReLU) masks the whole input to zero: those channels share
        // one forward of a zero input, its score theirs.
        var live = Enumerable.Range(0, channels).Where(c => TensorPrimitives.MaxMagnitude(layer.A(b, c)) != 0).ToArray();
        bool anyDead = live.Length < channels;
        int rows = live.Length + (anyDead ? 1 : 0);
        var rowScores = new float[rows];
        // Per masked image: the model's peak of live tensors (masked input included), and its
        // largest value again for the kernels' scratch.
        var single = ctx.Model.Session.GetPlan(1, cIn, height, width);
        int batch = CamBatching.RowsPerPass(ctx.Options, single.PeakBytes + single.LargestTensorBytes, rows, ctx.Model.Limits.MemoryBytes);
        batch = CamBatching.RowsTheModelTakes(ctx.Model.Session, batch, ctx.Input.Shape);
        // One batch of masked inputs reused for every pass, and a mask and resizer per worker: per-channel garbage
        // (a map and an image per channel) is what the GC lets grow past the memory budget.
        int workers = System.Math.Max(1, System.Math.Min(WorkerTeam.Size, batch));
        var resizers = Enumerable.Range(0, workers).Select(_ => new AlignCornersResizer(layer.Width, layer.Height, width, height)).ToArray();
        var masks = Enumerable.Range(0, workers).Select(_ => new float[plane]).ToArray();
        var input = ctx.Input;
        Tensor? masked = null;
        try
        {
            for (int start = 0; start < rows; start += batch)
            {
                int count = System.Math.Min(batch, rows - start);
                if (masked is null || masked.Shape[0] != count)
                {
                    masked?.Dispose();
                    masked = Tensor.Uninitialized(DataType.Float32, [count, cIn, height, width]);
                }
                // The masks of a batch on the worker team, a block of rows per worker.
                var target = masked;
                WorkerTeam.For(workers, w =>
                {
                    for (int k = w; k < count; k += workers)
                    {
                        var into = target.Floats.Slice(k * imageSize, imageSize);
                        if (start + k == live.Length)
                        {
                            into.Clear();
                            continue;
                        }
                        Mask(resizers[w], layer.A(b, live[start + k]), masks[w]);
                        for (int ch = 0; ch < cIn; ch++)
                            TensorPrimitives.Multiply(input.Floats.Slice(b * imageSize + ch * plane, plane), masks[w], into.Slice(ch * plane, plane));
                    }
                });
                using var pass = ctx.Model.Session.Run(masked, new RunOptions { Precise = ctx.Options.Precise });
                for (int k = 0; k < count; k++) rowScores[start + k] = ctx.Targets[b].Score(pass.Outputs, k);
            }
        }
        finally
        {
            masked?.Dispose();
        }
        var scores = new float[channels];
        if (anyDead) Array.Fill(scores, rowScores[^1]);
        for (int i = 0; i < live.Length; i++) scores[live[i]] = rowScores[i];
        var weights = new float[channels];
        ClassProbabilities.Softmax(scores, weights, "the masked inputs' target scores");
        return weights;
    }

    /// <summary>A channel upsampled with align_corners=True and scaled to [0, 1] (+1e-8 in the denominator).</summary>
    private static void Mask(AlignCornersResizer resizer, ReadOnlySpan<float> channel, float[] mask)
    {
        resizer.Resize(channel, mask);
        float min = TensorPrimitives.Min(mask), max = TensorPrimitives.Max(mask);
        TensorPrimitives.Subtract(mask, min, mask);
        TensorPrimitives.Divide(mask, max - min + 1e-8f, mask);
    }
}
