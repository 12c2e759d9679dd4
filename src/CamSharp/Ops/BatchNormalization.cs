using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// ONNX BatchNormalization (opsets 7–15): y = (x − mean) / √(var + ε) · scale + B with the
/// running statistics. Parameters are per channel (dim 1), or per activation (C × D1 × …) for
/// opset 7–8's spatial=0. Opset 14+'s training_mode=1 uses the batch's statistics instead and
/// may return the updated running mean and variance (<see cref="BatchStatistics"/>); older
/// training outputs are rejected. Backward in inference mode is dx = dy · scale / √(var + ε):
/// with constant parameters (initializers, the usual case) it keeps nothing.
/// </summary>
internal sealed class BatchNormalization : Operator
{
    private readonly float _epsilon, _momentum;
    private readonly bool _training;
    private bool _parametersConstant;

    public BatchNormalization(Node node, int opset) : base(node)
    {
        var a = node.Attributes;
        _epsilon = a.GetFloat("epsilon", 1e-5f);
        _momentum = a.GetFloat("momentum", 0.9f);
        _training = opset >= 14 && a.GetInt("training_mode", 0) != 0;
        if (_training)
        {
            if (node.Outputs.Length > 3) throw Error($"training mode has at most 3 outputs (Y, running_mean, running_var), got {node.Outputs.Length}.");
            return;
        }
        if (a.GetInt("training_mode", 0) != 0) throw Error($"training_mode is an attribute from opset 14, this model is opset {opset}.");
        if (opset < 7 && a.GetInt("is_test", 0) == 0)
            throw Error($"opset {opset} BatchNormalization without is_test=1 computes batch statistics, which is not supported.");
        for (int i = 1; i < node.Outputs.Length; i++)
            if (node.Outputs[i].Length > 0)
                throw Error($"output {i} ('{node.Outputs[i]}') holds training statistics, which are not supported; only Y is.");
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank < 2) throw Error($"input X is {x}, expected Float32 with dims (N, C, ...).");
        int perChannel = x.Shape[1], perActivation = ShapeUtil.Size(x.Shape.AsSpan(1));
        string[] names = ["scale", "B", "input_mean", "input_var"];
        for (int i = 1; i <= 4; i++)
        {
            var p = ctx.Input(i);
            int n = ShapeUtil.Size(p.Shape);
            if (p.Type != DataType.Float32 || (n != perChannel && n != perActivation))
                throw Error($"{names[i - 1]} is {p}, expected {perChannel} values (one per channel of X {x}).");
        }
        _parametersConstant = Enumerable.Range(1, 4).All(i => ctx.Constant(i) is not null);
        ctx.SetOutput(0, DataType.Float32, x.Shape);
        if (!_training) return;
        if (ShapeUtil.Size(ctx.Input(1).Shape) != perChannel) throw Error($"training mode needs one parameter per channel, got {ctx.Input(1)}.");
        for (int i = 1; i < ctx.Outputs.Length; i++) ctx.SetOutput(i, DataType.Float32, [perChannel]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        if (_training)
        {
            var (mean, variance) = BatchStatistics.Of(x);
            var (ta, tb) = Affine(ctx.Input(1), ctx.Input(2), Tensor.FromFloats(mean, mean.Length), Tensor.FromFloats(variance, variance.Length));
            Apply(x, y, ta, tb);
            if (ctx.OutputCount > 1) BatchStatistics.Running(ctx.Input(3), mean, _momentum, ctx.Output(1));
            if (ctx.OutputCount > 2) BatchStatistics.Running(ctx.Input(4), variance, _momentum, ctx.Output(2));
            return;
        }
        var (a, b) = Affine(ctx.Input(1), ctx.Input(2), ctx.Input(3), ctx.Input(4));
        Apply(x, y, a, b);
    }

    /// <summary>Nothing when Infer saw constant parameters in inference mode; otherwise the inputs, to read them back.</summary>
    public override BackwardNeeds Needs => _parametersConstant && !_training ? BackwardNeeds.None : BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        for (int i = 1; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) throw Error($"gradients with respect to input {i} (a parameter) are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        for (int i = 1; i < 3; i++)
            if (ctx.OutputGrad(i) is not null) throw Error($"gradients through output {i} (a running statistic) are not supported.");
        var shape = ctx.InputInfo(0).Shape;
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(shape));
            return;
        }
        if (_training)
        {
            ctx.SetInputGrad(0, BatchStatistics.InputGradient(ctx.Input(0), dy, ctx.Input(1), _epsilon));
            return;
        }
        var (a, _) = Affine(ctx.Input(1), ctx.Input(2), ctx.Input(3), ctx.Input(4));
        var dx = Tensor.Uninitialized(DataType.Float32, shape);
        Apply(dy, dx, a, new float[a.Length]);
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>Folds the four parameters into y = a·x + b.</summary>
    private (float[] A, float[] B) Affine(Tensor scale, Tensor bias, Tensor mean, Tensor variance)
    {
        int n = scale.Length;
        var a = new float[n];
        var b = new float[n];
        for (int c = 0; c < n; c++)
        {
            a[c] = scale.Floats[c] / MathF.Sqrt(variance.Floats[c] + _epsilon);
            b[c] = bias.Floats[c] - mean.Floats[c] * a[c];
        }
        return (a, b);
    }

    /// <summary>y = a·x + b with a, b per channel (one value per plane) or per activation.</summary>
    private static void Apply(Tensor x, Tensor y, float[] a, float[] b)
    {
        int batch = x.Shape[0], channels = x.Shape[1];
        int plane = ShapeUtil.Size(x.Shape.AsSpan(2));
        if (a.Length == channels)
        {
            PlaneParallel.For(batch * channels, plane, p =>
            {
                int c = p % channels;
                var yp = y.Floats.Slice(p * plane, plane);
                TensorPrimitives.Multiply(x.Floats.Slice(p * plane, plane), a[c], yp);
                TensorPrimitives.Add(yp, b[c], yp);
            });
            return;
        }
        int sample = channels * plane;
        PlaneParallel.For(batch, sample, n =>
            TensorPrimitives.MultiplyAdd(x.Floats.Slice(n * sample, sample), a, b, y.Floats.Slice(n * sample, sample)));
    }
}
