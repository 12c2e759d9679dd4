namespace CamSharp.Detection.Heads;

/// <summary>
/// FastestDet: [N, 5+nc, H, W], cell a = row·W + col holds [obj, tx, ty, tw, th, class
/// probabilities]; cx = (col + tanh tx)/W, w = σ(tw) as fractions of the input;
/// score = obj^0.6 · cls^0.4.
/// </summary>
public sealed class FastestDetHead(int outputIndex, int[] shape, int inputWidth, int inputHeight)
    : DetectionHead(outputIndex, shape, channelsFirst: true, boxChannel: 1, classChannel: 5, inputWidth, inputHeight)
{
    private readonly int _gridW = shape[^1], _gridH = shape[^2];

    public override HeadKind Kind => HeadKind.FastestDet;

    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th)
    {
        int row = anchor / _gridW, col = anchor % _gridW;
        double ux = (double)InputWidth / _gridW, uy = (double)InputHeight / _gridH;
        double ax = Math.Tanh(tx), ay = Math.Tanh(ty), sw = Sigmoid(tw), sh = Sigmoid(th);
        return (new((col + ax) * ux, (1 - ax * ax) * ux), new((row + ay) * uy, (1 - ay * ay) * uy),
            new(sw * InputWidth, sw * (1 - sw) * InputWidth), new(sh * InputHeight, sh * (1 - sh) * InputHeight));
    }

    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) =>
        Math.Pow(output[Index(row, anchor, 0)], 0.6) * Math.Pow(output[Index(row, anchor, ClassChannel + k)], 0.4);

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight)
    {
        int o = Index(row, anchor, 0), c = Index(row, anchor, ClassChannel + k);
        double obj = Math.Max(output[o], 1e-12), cls = Math.Max(output[c], 1e-12);
        seed[o] += (float)(weight * 0.6 * Math.Pow(obj, -0.4) * Math.Pow(cls, 0.4));
        seed[c] += (float)(weight * 0.4 * Math.Pow(obj, 0.6) * Math.Pow(cls, -0.6));
    }

    /// <summary>The class is the first argmax of the class probabilities (the score is monotone in them).</summary>
    public override (int Class, double Score) Best(ReadOnlySpan<float> output, int row, int anchor)
    {
        int best = 0;
        for (int k = 1; k < Classes; k++)
            if (output[Index(row, anchor, ClassChannel + k)] > output[Index(row, anchor, ClassChannel + best)]) best = k;
        return (best, ClassScore(output, row, anchor, best));
    }
}
