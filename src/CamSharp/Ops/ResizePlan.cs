using System.Numerics.Tensors;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

internal enum InterpolationMode { Nearest, Linear, Cubic }

internal enum CoordinateMode { HalfPixel, HalfPixelSymmetric, PytorchHalfPixel, AlignCorners, Asymmetric, TfHalfPixelForNn, TfCropAndResize }

/// <summary>Nearest rounding; <see cref="Simple"/> is the pre-opset-11 rule (ceil when downsampling, else truncate).</summary>
internal enum NearestMode { Simple, RoundPreferFloor, RoundPreferCeil, Floor, Ceil }

internal sealed record ResizeSettings(
    InterpolationMode Mode, CoordinateMode Coordinates, NearestMode Nearest,
    float CubicCoeffA = -0.75f, bool ExcludeOutside = false, float ExtrapolationValue = 0f);

/// <summary>
/// How one axis is resampled: every output index reads <see cref="Taps"/> input indices with
/// weights. Coordinates are computed in float exactly as ONNX Runtime does, so nearest
/// rounding ties fall the same way.
/// </summary>
internal sealed class AxisTaps
{
    public int Taps { get; private init; }
    public int[] Index { get; private init; } = [];
    public float[] Weight { get; private init; } = [];
    /// <summary>Output indices that fall outside the crop (tf_crop_and_resize): they get the extrapolation value.</summary>
    public bool[]? Outside { get; private init; }

    /// <summary>The taps of one axis, or null when the axis is copied unchanged.</summary>
    public static AxisTaps? Build(int lengthIn, int lengthOut, float scale, float roiStart, float roiEnd, ResizeSettings s)
    {
        bool crop = s.Coordinates == CoordinateMode.TfCropAndResize;
        if (lengthIn == lengthOut && scale == 1f && !crop) return null;
        int taps = s.Mode switch { InterpolationMode.Nearest => 1, InterpolationMode.Linear => 2, _ => 4 };
        var index = new int[lengthOut * taps];
        var weight = new float[lengthOut * taps];
        bool[]? outside = crop ? new bool[lengthOut] : null;
        for (int o = 0; o < lengthOut; o++)
        {
            float x = Original(o, scale, lengthIn, lengthOut, roiStart, roiEnd, s.Coordinates);
            if (outside is not null && (x < 0 || x > lengthIn - 1))
            {
                outside[o] = true;
                continue; // index 0, weight 0: a harmless read
            }
            var idx = index.AsSpan(o * taps, taps);
            var w = weight.AsSpan(o * taps, taps);
            switch (s.Mode)
            {
                case InterpolationMode.Nearest:
                    idx[0] = (int)Math.Clamp(Nearest(x, scale < 1, s.Nearest), 0, lengthIn - 1);
                    w[0] = 1;
                    break;
                case InterpolationMode.Linear:
                    float c = Math.Clamp(x, 0, lengthIn - 1);
                    idx[0] = Math.Min((int)c, lengthIn - 1);
                    idx[1] = Math.Min(idx[0] + 1, lengthIn - 1);
                    w[1] = idx[1] == idx[0] ? 0 : c - idx[0];
                    w[0] = idx[1] == idx[0] ? 1 : idx[1] - c;
                    break;
                default:
                    Cubic(x, lengthIn, s, idx, w);
                    break;
            }
        }
        return new AxisTaps { Taps = taps, Index = index, Weight = weight, Outside = outside };
    }

    /// <summary>Output coordinate to input coordinate (ONNX coordinate_transformation_mode).</summary>
    private static float Original(int o, float scale, int lengthIn, int lengthOut, float roiStart, float roiEnd, CoordinateMode mode)
    {
        float x = o;
        switch (mode)
        {
            case CoordinateMode.Asymmetric: return x / scale;
            case CoordinateMode.PytorchHalfPixel: return lengthOut > 1 ? (x + 0.5f) / scale - 0.5f : 0f;
            case CoordinateMode.TfHalfPixelForNn: return (x + 0.5f) / scale;
            // ONNX measures the resized length as lengthIn · scale, unrounded (2.4, not 2, for a scale of 0.6 on 4).
            case CoordinateMode.AlignCorners: return lengthOut == 1 ? 0f : x * (lengthIn - 1) / (lengthIn * scale - 1);
            case CoordinateMode.TfCropAndResize:
                return lengthOut > 1
                    ? roiStart * (lengthIn - 1) + x * (roiEnd - roiStart) * (lengthIn - 1) / (lengthOut - 1)
                    : (float)(0.5 * (roiStart + roiEnd) * (lengthIn - 1));
            case CoordinateMode.HalfPixelSymmetric:
                float adjustment = lengthOut / (scale * lengthIn);
                float center = lengthIn / 2f;
                return center * (1 - adjustment) + (x + 0.5f) / scale - 0.5f;
            default: return (x + 0.5f) / scale - 0.5f;
        }
    }

    private static long Nearest(float x, bool downsampling, NearestMode mode) => mode switch
    {
        NearestMode.Simple => downsampling ? (long)MathF.Ceiling(x) : (long)x,
        NearestMode.Floor => (long)MathF.Floor(x),
        NearestMode.Ceil => (long)MathF.Ceiling(x),
        NearestMode.RoundPreferCeil => (long)MathF.Round(x, MidpointRounding.AwayFromZero),
        _ => x == (long)x + 0.5f ? (long)MathF.Floor(x) : (long)MathF.Round(x, MidpointRounding.AwayFromZero),
    };

    /// <summary>Keys' cubic convolution over floor(x)−1 … floor(x)+2, edge-clamped or (exclude_outside) renormalised.</summary>
    private static void Cubic(float x, int lengthIn, ResizeSettings s, Span<int> idx, Span<float> w)
    {
        float a = s.CubicCoeffA;
        int x0 = (int)MathF.Floor(x);
        float t = x - x0;
        w[0] = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
        w[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
        w[2] = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
        w[3] = ((a * (2 - t) - 5 * a) * (2 - t) + 8 * a) * (2 - t) - 4 * a;
        float kept = 0;
        for (int k = 0; k < 4; k++)
        {
            int i = x0 - 1 + k;
            if (s.ExcludeOutside && (i < 0 || i >= lengthIn)) w[k] = 0;
            kept += w[k];
            idx[k] = Math.Clamp(i, 0, lengthIn - 1);
        }
        if (s.ExcludeOutside && kept != 0)
            for (int k = 0; k < 4; k++) w[k] /= kept;
    }
}

/// <summary>
/// A resize as separable passes, one per resampled axis (innermost first), each an
/// (outer, length, inner) resampling; backward runs the transposed passes in reverse.
/// </summary>
internal sealed class ResizePlan(int[] inShape, int[] outShape, AxisTaps?[] axes, float extrapolationValue)
{
    public int[] OutShape => outShape;

    // Nearest taps on the last two axes only: one gathering pass (see NearestPlanes), no intermediate.
    private readonly (int[] Rows, int[] Columns)? _nearestPlanes = NearestOnLastTwo(inShape, axes);

    /// <summary>Whether <see cref="Forward"/> takes the one-pass nearest path.</summary>
    internal bool IsNearestPlanes => _nearestPlanes is not null;

    private static (int[] Rows, int[] Columns)? NearestOnLastTwo(int[] inShape, AxisTaps?[] axes)
    {
        int rank = axes.Length;
        if (rank < 2) return null;
        for (int d = 0; d < rank - 2; d++)
            if (axes[d] is not null) return null;
        var (h, w) = (axes[rank - 2], axes[rank - 1]);
        if (h is null && w is null) return null;
        foreach (var t in new[] { h, w })
            if (t is not null && (t.Taps != 1 || t.Outside is not null || t.Weight.Any(v => v != 1f))) return null;
        return (h?.Index ?? Enumerable.Range(0, inShape[rank - 2]).ToArray(), w?.Index ?? Enumerable.Range(0, inShape[rank - 1]).ToArray());
    }

    public void Forward(Tensor x, Tensor y)
    {
        if (_nearestPlanes is { } np)
        {
            NearestPlanes.Resample(x, y, inShape[^2], inShape[^1], np.Rows, np.Columns);
            return;
        }
        ForwardSeparable(x, y);
    }

    /// <summary>One pass per resampled axis through intermediates: every mode (and the twin that tests check the nearest pass against).</summary>
    internal void ForwardSeparable(Tensor x, Tensor y)
    {
        var current = x;
        var shape = inShape;
        int last = Array.FindIndex(axes, a => a is not null);
        if (last < 0) x.Floats.CopyTo(y.Floats);
        for (int d = axes.Length - 1; d >= 0; d--)
        {
            if (axes[d] is not { } taps) continue;
            var nextShape = (int[])shape.Clone();
            nextShape[d] = outShape[d];
            var next = d == last ? y : Tensor.Uninitialized(DataType.Float32, nextShape);
            Resample(current, next, shape, d, taps);
            if (current != x) current.Dispose();
            current = next;
            shape = nextShape;
        }
        for (int d = 0; d < axes.Length; d++)
            if (axes[d]?.Outside is { } outside) FillOutside(y, d, outside, extrapolationValue);
    }

    public Tensor Backward(Tensor dy)
    {
        var grad = dy;
        if (axes.Any(a => a?.Outside is not null))
        {
            grad = dy.Clone(); // extrapolated outputs do not depend on the input
            for (int d = 0; d < axes.Length; d++)
                if (axes[d]?.Outside is { } outside) FillOutside(grad, d, outside, 0f);
        }
        // Shapes before each forward pass, innermost axis first.
        var shapes = new int[axes.Length + 1][];
        shapes[axes.Length] = inShape;
        for (int d = axes.Length - 1; d >= 0; d--)
        {
            shapes[d] = (int[])shapes[d + 1].Clone();
            if (axes[d] is not null) shapes[d][d] = outShape[d];
        }
        for (int d = 0; d < axes.Length; d++)
        {
            if (axes[d] is not { } taps) continue;
            var dx = Tensor.Zeros(shapes[d + 1]);
            ScatterBack(grad, dx, shapes[d + 1], d, taps);
            if (grad != dy) grad.Dispose();
            grad = dx;
        }
        return grad == dy ? dy.Clone() : grad;
    }

    private static void Resample(Tensor src, Tensor dst, int[] srcShape, int d, AxisTaps taps)
    {
        int outer = ShapeUtil.Size(srcShape.AsSpan(0, d)), lengthIn = srcShape[d];
        int lengthOut = dst.Shape[d], inner = ShapeUtil.Size(srcShape.AsSpan(d + 1)), t = taps.Taps;
        PlaneParallel.For(outer, (long)lengthOut * inner * t, o =>
        {
            ReadOnlySpan<float> s = src.Floats.Slice(o * lengthIn * inner, lengthIn * inner);
            var y = dst.Floats.Slice(o * lengthOut * inner, lengthOut * inner);
            for (int j = 0; j < lengthOut; j++)
            {
                ReadOnlySpan<int> idx = taps.Index.AsSpan(j * t, t);
                ReadOnlySpan<float> w = taps.Weight.AsSpan(j * t, t);
                if (inner == 1)
                {
                    float acc = 0;
                    for (int k = 0; k < t; k++) acc += w[k] * s[idx[k]];
                    y[j] = acc;
                    continue;
                }
                var row = y.Slice(j * inner, inner);
                if (t == 1 && w[0] == 1) s.Slice(idx[0] * inner, inner).CopyTo(row);
                else TensorPrimitives.Multiply(s.Slice(idx[0] * inner, inner), w[0], row);
                for (int k = 1; k < t; k++)
                    if (w[k] != 0) TensorPrimitives.MultiplyAdd(s.Slice(idx[k] * inner, inner), w[k], row, row);
            }
        });
    }

    private static void ScatterBack(Tensor dy, Tensor dx, int[] srcShape, int d, AxisTaps taps)
    {
        int outer = ShapeUtil.Size(srcShape.AsSpan(0, d)), lengthIn = srcShape[d];
        int lengthOut = dy.Shape[d], inner = ShapeUtil.Size(srcShape.AsSpan(d + 1)), t = taps.Taps;
        PlaneParallel.For(outer, (long)lengthOut * inner * t, o =>
        {
            ReadOnlySpan<float> g = dy.Floats.Slice(o * lengthOut * inner, lengthOut * inner);
            var s = dx.Floats.Slice(o * lengthIn * inner, lengthIn * inner);
            for (int j = 0; j < lengthOut; j++)
                for (int k = 0; k < t; k++)
                {
                    float w = taps.Weight[j * t + k];
                    if (w == 0) continue;
                    int i = taps.Index[j * t + k];
                    if (inner == 1) s[i] += w * g[j];
                    else TensorPrimitives.MultiplyAdd(g.Slice(j * inner, inner), w, s.Slice(i * inner, inner), s.Slice(i * inner, inner));
                }
        });
    }

    /// <summary>Sets every element whose coordinate along <paramref name="d"/> is flagged.</summary>
    private static void FillOutside(Tensor t, int d, bool[] outside, float value)
    {
        int outer = ShapeUtil.Size(t.Shape.AsSpan(0, d)), length = t.Shape[d], inner = ShapeUtil.Size(t.Shape.AsSpan(d + 1));
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < length; j++)
                if (outside[j]) t.Floats.Slice((o * length + j) * inner, inner).Fill(value);
    }
}
