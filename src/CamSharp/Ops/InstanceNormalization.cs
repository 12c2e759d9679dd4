using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// ONNX InstanceNormalization (opset 6+): each (n, c) plane is normalised on its own
/// (ε = epsilon, default 1e-5), then y = x̂ · scale[c] + B[c].
/// </summary>
internal sealed class InstanceNormalization(Node node) : Operator(node)
{
    private readonly float _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank < 3) throw Error($"input is {x}, expected Float32 with dims (N, C, spatial...).");
        for (int i = 1; i <= 2; i++)
        {
            var p = ctx.Input(i);
            if (p.Type != DataType.Float32 || ShapeUtil.Size(p.Shape) != x.Shape[1])
                throw Error($"{(i == 1 ? "scale" : "B")} is {p}, expected {x.Shape[1]} values (one per channel of {x}).");
        }
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        Tensor scale = ctx.Input(1), bias = ctx.Input(2);
        int channels = x.Shape[1], n = ShapeUtil.Size(x.Shape.AsSpan(2));
        PlaneParallel.For(x.Shape[0] * channels, 4L * n, p =>
        {
            var yp = y.Floats.Slice(p * n, n);
            RowNormalization.Normalize(x.Floats.Slice(p * n, n), yp, _epsilon);
            TensorPrimitives.Multiply(yp, scale.Floats[p % channels], yp);
            TensorPrimitives.Add(yp, bias.Floats[p % channels], yp);
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        for (int i = 1; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) throw Error($"gradients with respect to input {i} (scale or B) are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var scale = ctx.Input(1);
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(x.Shape));
            return;
        }
        int channels = x.Shape[1], n = ShapeUtil.Size(x.Shape.AsSpan(2));
        var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
        PlaneParallel.For(x.Shape[0] * channels, 8L * n, p =>
        {
            var dxp = dx.Floats.Slice(p * n, n);
            TensorPrimitives.Multiply(dy.Floats.Slice(p * n, n), scale.Floats[p % channels], dxp);
            RowNormalization.Backward(x.Floats.Slice(p * n, n), dxp, _epsilon, 0, 0);
        });
        ctx.SetInputGrad(0, dx);
    }
}
