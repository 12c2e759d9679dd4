using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Detection;

/// <summary>
/// How one detector output is laid out and decoded: per anchor a box (cx, cy, w, h from four
/// channels, each coordinate a function of one raw value) and per class a score. Box and
/// score are differentiable with respect to the raw output, which the box targets use.
/// </summary>
public abstract class DetectionHead
{
    private readonly bool _channelsFirst;
    private readonly int _boxChannel;

    protected DetectionHead(int outputIndex, int[] outputShape, bool channelsFirst, int boxChannel, int classChannel, int inputWidth, int inputHeight)
    {
        OutputIndex = outputIndex;
        _channelsFirst = channelsFirst;
        _boxChannel = boxChannel;
        ClassChannel = classChannel;
        Channels = channelsFirst ? outputShape[1] : outputShape[^1];
        Anchors = channelsFirst ? outputShape.Skip(2).Aggregate(1, (a, b) => a * b) : outputShape[1];
        Classes = Channels - classChannel;
        InputWidth = inputWidth;
        InputHeight = inputHeight;
    }

    public abstract HeadKind Kind { get; }

    /// <summary>Which graph output this head decodes.</summary>
    public int OutputIndex { get; }

    public int Channels { get; }

    public int Anchors { get; }

    public int Classes { get; protected init; }

    public int InputWidth { get; }

    public int InputHeight { get; }

    /// <summary>The channel of the first class value.</summary>
    protected int ClassChannel { get; }

    /// <summary>Flat index of (batch row, anchor, channel) in the output tensor.</summary>
    public int Index(int row, int anchor, int channel) => _channelsFirst
        ? (row * Channels + channel) * Anchors + anchor
        : (row * Anchors + anchor) * Channels + channel;

    /// <summary>One box axis value with its derivative with respect to the raw value it comes from.</summary>
    protected readonly record struct Decoded(double Value, double Derivative);

    /// <summary>cx, cy, w, h in input pixels from the four raw box values of an anchor.</summary>
    protected abstract (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th);

    /// <summary>The score of class k at an anchor, as the detector reports it (a confidence).</summary>
    public abstract double ClassScore(ReadOnlySpan<float> output, int row, int anchor, int k);

    /// <summary>Adds weight · d(ClassScore)/d(output) into seed.</summary>
    public abstract void AddClassScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight);

    /// <summary>The raw score a gradient method follows (class logit, or objectness × class); the confidence unless a head says otherwise.</summary>
    public virtual double RawScore(ReadOnlySpan<float> output, int row, int anchor, int k) => ClassScore(output, row, anchor, k);

    public virtual void AddRawScoreGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, int k, double weight) =>
        AddClassScoreGradient(output, seed, row, anchor, k, weight);

    /// <summary>The anchor's label (first argmax) and its score.</summary>
    public virtual (int Class, double Score) Best(ReadOnlySpan<float> output, int row, int anchor)
    {
        int best = 0;
        double score = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double s = ClassScore(output, row, anchor, k);
            if (s > score) (best, score) = (k, s);
        }
        return (best, score);
    }

    /// <summary>The anchor's box in input pixels.</summary>
    public virtual DetectionBox Box(ReadOnlySpan<float> output, int row, int anchor)
    {
        var (cx, cy, w, h) = Raw(output, row, anchor);
        return new DetectionBox(cx.Value - w.Value / 2, cy.Value - h.Value / 2, cx.Value + w.Value / 2, cy.Value + h.Value / 2);
    }

    /// <summary>Adds Σ g_i · d(box_i)/d(output) into seed, for box = (x0, y0, x1, y1).</summary>
    public virtual void AddBoxGradient(ReadOnlySpan<float> output, Span<float> seed, int row, int anchor, double g0, double g1, double g2, double g3)
    {
        var (cx, cy, w, h) = Raw(output, row, anchor);
        // x0 = cx - w/2, x1 = cx + w/2 (and the same for y).
        seed[Index(row, anchor, _boxChannel)] += (float)((g0 + g2) * cx.Derivative);
        seed[Index(row, anchor, _boxChannel + 1)] += (float)((g1 + g3) * cy.Derivative);
        seed[Index(row, anchor, _boxChannel + 2)] += (float)((g2 - g0) / 2 * w.Derivative);
        seed[Index(row, anchor, _boxChannel + 3)] += (float)((g3 - g1) / 2 * h.Derivative);
    }

    /// <summary>True for end-to-end heads whose rows are already final detections (no NMS after them).</summary>
    public virtual bool NmsFree => false;

    /// <summary>
    /// Why this head's boxes can only be explained black-box (by D-RISE), or null when box
    /// targets can follow them with gradients and re-runs.
    /// </summary>
    public virtual string? BlackBoxReason => null;

    /// <summary>How many rows (anchors or detections) the tensor from <see cref="OutputOf"/> holds; fixed unless the graph decides.</summary>
    public virtual int AnchorsIn(Tensor output) => Anchors;

    /// <summary>Checks that an output tensor is the one this head was made for.</summary>
    public virtual Tensor OutputOf(IReadOnlyList<Tensor> outputs)
    {
        if (OutputIndex >= outputs.Count) throw new InputException($"The {HeadKinds.Name(Kind)} head reads output {OutputIndex}, but the model gave {outputs.Count}.");
        var t = outputs[OutputIndex];
        if (t.Type != DataType.Float32 || t.Rank < 3 || t.Length % (Channels * Anchors) != 0)
            throw new InputException($"Output {OutputIndex} [{ShapeUtil.Format(t.Shape)}] does not fit the {HeadKinds.Name(Kind)} head ({Channels} channels x {Anchors} anchors).");
        return t;
    }

    private (Decoded, Decoded, Decoded, Decoded) Raw(ReadOnlySpan<float> output, int row, int anchor) => DecodeBox(anchor,
        output[Index(row, anchor, _boxChannel)], output[Index(row, anchor, _boxChannel + 1)],
        output[Index(row, anchor, _boxChannel + 2)], output[Index(row, anchor, _boxChannel + 3)]);

    protected static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
