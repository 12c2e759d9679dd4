namespace CamSharp.Detection.Heads;

/// <summary>
/// The fixture digit detector (../shared/fixtures/README.md): [N, 5+nc, H, W] raw logits
/// [obj, tx, ty, tw, th, classes], stride = input / grid; cx = (j + σ(tx))·stride,
/// w = σ(tw)·W. Score = σ(obj) (the model was trained and tested with obj > 0.5); label =
/// argmax of the class logits. Its raw score is obj logit + class logit, the fixtures' target.
/// </summary>
public sealed class TinyYoloHead(int outputIndex, int[] shape, int inputWidth, int inputHeight)
    : DetectionHead(outputIndex, shape, channelsFirst: true, boxChannel: 1, classChannel: 5, inputWidth, inputHeight)
{
    private readonly int _gridW = shape[^1], _gridH = shape[^2];

    public override HeadKind Kind => HeadKind.TinyYolo;

    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th)
    {
        int i = anchor / _gridW, j = anchor % _gridW;
        double sx = (double)InputWidth / _gridW, sy = (double)InputHeight / _gridH;
        double ax = Sigmoid(tx), ay = Sigmoid(ty), sw = Sigmoid(tw), sh = Sigmoid(th);
        return (new((j + ax) * sx, ax * (1 - ax) * sx), new((i + ay) * sy, ay * (1 - ay) * sy),
            new(sw * InputWidth, sw * (1 - sw) * InputWidth), new(sh * InputHeight, sh * (1 - sh) * InputHeight));
    }

    public override double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k) => Sigmoid(output[Index(row, anchor, 0)]);

    public override void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight)
    {
        double s = Sigmoid(output[Index(row, anchor, 0)]);
        seed[Index(row, anchor, 0)] += (float)(weight * s * (1 - s));
    }

    public override double RawScore(ReadOnlySpan<float> output, int row, int anchor, int k) =>
        (double)output[Index(row, anchor, 0)] + output[Index(row, anchor, ClassChannel + k)];

    public override void AddRawScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight)
    {
        seed[Index(row, anchor, 0)] += (float)weight;
        seed[Index(row, anchor, ClassChannel + k)] += (float)weight;
    }

    public override (int Class, double Score) Best(ReadOnlySpan<float> output, int row, int anchor)
    {
        int best = 0;
        for (int k = 1; k < Classes; k++)
            if (output[Index(row, anchor, ClassChannel + k)] > output[Index(row, anchor, ClassChannel + best)]) best = k;
        return (best, ClassScore(output, row, anchor, best));
    }
}
