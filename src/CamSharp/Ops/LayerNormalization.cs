using System.Buffers;
using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// ONNX LayerNormalization (opset 17): normalises over the dims from <c>axis</c> (default −1)
/// to the end with ε = epsilon (default 1e-5), then y = x̂ · Scale + B (B optional; both
/// broadcast to the normalised shape). The optional outputs Mean and InvStdDev have the
/// normalised dims set to 1; gradients flowing into them are honoured too.
/// </summary>
internal sealed class LayerNormalization(Node node) : Operator(node)
{
    private readonly long _axis = node.Attributes.GetInt("axis", -1);
    private readonly float _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32) throw Error($"input X is {x}, expected Float32.");
        int axis = Axis(x.Shape);
        var normalized = x.Shape[axis..];
        for (int i = 1; i <= 2; i++)
        {
            if (!ctx.HasInput(i)) continue;
            var p = ctx.Input(i);
            if (p.Type != DataType.Float32 || ShapeUtil.TryBroadcast(p.Shape, normalized) is not { } b || !ShapeUtil.Equal(b, normalized))
                throw Error($"{(i == 1 ? "Scale" : "B")} is {p}; it must broadcast to the normalised shape [{ShapeUtil.Format(normalized)}] of X {x}.");
        }
        ctx.SetOutput(0, DataType.Float32, x.Shape);
        var statShape = x.Shape.Select((d, i) => i < axis ? d : 1).ToArray();
        for (int i = 1; i < ctx.Outputs.Length; i++) ctx.SetOutput(i, DataType.Float32, statShape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        int axis = Axis(x.Shape);
        int n = ShapeUtil.Size(x.Shape.AsSpan(axis)), rows = ShapeUtil.Size(x.Shape.AsSpan(0, axis));
        var normalized = x.Shape[axis..];
        var scale = Expand(ctx.Input(1), normalized);
        var bias = ctx.OptionalInput(2) is { } b ? Expand(b, normalized) : null;
        var mean = ctx.OutputCount > 1 ? ctx.Output(1) : null;
        var invStd = ctx.OutputCount > 2 ? ctx.Output(2) : null;
        PlaneParallel.For(rows, 4L * n, r =>
        {
            var yr = y.Floats.Slice(r * n, n);
            var (m, inv) = RowNormalization.Normalize(x.Floats.Slice(r * n, n), yr, _epsilon);
            if (bias is null) TensorPrimitives.Multiply(yr, scale, yr);
            else TensorPrimitives.MultiplyAdd(yr, scale, bias, yr);
            if (mean is not null) mean.Floats[r] = m;
            if (invStd is not null) invStd.Floats[r] = inv;
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        for (int i = 1; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) throw Error($"gradients with respect to input {i} (Scale or B) are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        int axis = Axis(x.Shape);
        int n = ShapeUtil.Size(x.Shape.AsSpan(axis)), rows = ShapeUtil.Size(x.Shape.AsSpan(0, axis));
        var scale = Expand(ctx.Input(1), x.Shape[axis..]);
        Tensor? dy = ctx.OutputGrad(0), dMean = ctx.OutputGrad(1), dInvStd = ctx.OutputGrad(2);
        var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
        PlaneParallel.For(rows, 8L * n, r =>
        {
            var dxr = dx.Floats.Slice(r * n, n);
            if (dy is null) dxr.Clear();
            else TensorPrimitives.Multiply(dy.Floats.Slice(r * n, n), scale, dxr);
            RowNormalization.Backward(x.Floats.Slice(r * n, n), dxr, _epsilon, dMean?.Floats[r] ?? 0, dInvStd?.Floats[r] ?? 0);
        });
        ctx.SetInputGrad(0, dx);
    }

    private int Axis(int[] shape)
    {
        long a = _axis < 0 ? _axis + shape.Length : _axis;
        if (a < 0 || a >= shape.Length) throw Error($"axis {_axis} is out of range for X [{ShapeUtil.Format(shape)}].");
        return (int)a;
    }

    /// <summary>A parameter as a full array of the normalised shape (broadcast if it is smaller).</summary>
    private static float[] Expand(Tensor p, int[] normalized)
    {
        int n = ShapeUtil.Size(normalized);
        if (p.Length == n) return p.Floats.ToArray();
        var full = new float[n];
        var pStrides = ShapeUtil.Strides(p.Shape);
        int offset = normalized.Length - p.Rank;
        for (int i = 0; i < n; i++)
        {
            int rest = i, src = 0;
            for (int d = normalized.Length - 1; d >= 0; d--)
            {
                int coord = rest % normalized[d];
                rest /= normalized[d];
                int pd = d - offset;
                if (pd >= 0 && p.Shape[pd] != 1) src += coord * pStrides[pd];
            }
            full[i] = p.Floats[src];
        }
        return full;
    }
}

/// <summary>
/// Normalising one row to zero mean and unit variance (biased), and the matching backward;
/// shared by LayerNormalization and InstanceNormalization.
/// </summary>
internal static class RowNormalization
{
    /// <summary>Writes x̂ = (x − mean) / √(var + ε) to <paramref name="y"/>; returns mean and 1/√(var + ε).</summary>
    public static (float Mean, float InvStd) Normalize(ReadOnlySpan<float> x, Span<float> y, float epsilon)
    {
        int n = x.Length;
        float mean = TensorPrimitives.Sum(x) / n;
        TensorPrimitives.Subtract(x, mean, y);
        float inv = 1f / MathF.Sqrt(TensorPrimitives.SumOfSquares<float>(y) / n + epsilon);
        TensorPrimitives.Multiply(y, inv, y);
        return (mean, inv);
    }

    /// <summary>
    /// Turns g = dL/dx̂ (in <paramref name="grad"/>) into dL/dx:
    /// inv · (g − mean(g) − x̂ · mean(g · x̂)), plus the terms from gradients of the mean and of inv itself.
    /// </summary>
    public static void Backward(ReadOnlySpan<float> x, Span<float> grad, float epsilon, float dMean, float dInvStd)
    {
        int n = x.Length;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        var xhat = buffer.AsSpan(0, n);
        var (_, inv) = Normalize(x, xhat, epsilon);
        float meanG = TensorPrimitives.Sum<float>(grad) / n;
        float meanGX = TensorPrimitives.Dot<float>(grad, xhat) / n;
        TensorPrimitives.MultiplyAdd(xhat, -meanGX, grad, grad);
        TensorPrimitives.Subtract(grad, meanG, grad);
        TensorPrimitives.Multiply(grad, inv, grad);
        // d mean / dx = 1/n;  d inv / dx = −inv² · x̂ / n.
        if (dInvStd != 0) TensorPrimitives.MultiplyAdd(xhat, -dInvStd * inv * inv / n, grad, grad);
        if (dMean != 0) TensorPrimitives.Add(grad, dMean / n, grad);
        ArrayPool<float>.Shared.Return(buffer);
    }
}
