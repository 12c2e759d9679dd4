using System.Numerics.Tensors;
using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// GroupNormalization: the C channels of each sample fall into num_groups groups of
/// consecutive channels, each group (its channels × spatial positions, one contiguous row)
/// is normalised on its own (ε = epsilon, default 1e-5), then y = x̂ · scale + bias. In opset
/// 18 scale and bias hold one value per group; from opset 21 one per channel (opset 21's
/// stash_type only asks for float32 statistics or wider; they are float32 here).
/// </summary>
public sealed class GroupNormalization : Operator
{
    private readonly float _epsilon;
    private readonly int _groups;
    private readonly bool _perChannel;

    public GroupNormalization(Node node, int opset) : base(node)
    {
        _epsilon = node.Attributes.GetFloat("epsilon", 1e-5f);
        if (!node.Attributes.Has("num_groups")) throw Error("attribute num_groups is required.");
        long groups = node.Attributes.GetInt("num_groups");
        if (groups < 1 || groups > int.MaxValue) throw Error($"num_groups is {groups}, expected a positive count.");
        _groups = (int)groups;
        _perChannel = opset >= 21;
    }

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Type != DataType.Float32 || x.Rank < 2) throw Error($"input is {x}, expected Float32 with dims (N, C, spatial...).");
        int channels = x.Shape[1];
        if (channels % _groups != 0) throw Error($"num_groups {_groups} does not divide the {channels} channels of {x}.");
        int expected = _perChannel ? channels : _groups;
        for (int i = 1; i <= 2; i++)
        {
            var p = ctx.Input(i);
            if (p.Type != DataType.Float32 || ShapeUtil.Size(p.Shape) != expected)
                throw Error($"{(i == 1 ? "scale" : "bias")} is {p}, expected {expected} values (one per {(_perChannel ? "channel" : "group")} of {x}).");
        }
        ctx.SetOutput(0, DataType.Float32, x.Shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var y = ctx.Output(0);
        Tensor scale = ctx.Input(1), bias = ctx.Input(2);
        var (rows, row, perChannel, channels) = Layout(x.Shape);
        PlaneParallel.For(rows, 4L * row, r =>
        {
            var yr = y.Floats.Slice(r * row, row);
            RowNormalization.Normalize(x.Floats.Slice(r * row, row), yr, _epsilon);
            for (int c = 0, g = r % _groups; c < channels; c++)
            {
                int k = _perChannel ? g * channels + c : g;
                var yc = yr.Slice(c * perChannel, perChannel);
                TensorPrimitives.Multiply(yc, scale.Floats[k], yc);
                TensorPrimitives.Add(yc, bias.Floats[k], yc);
            }
        });
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Backward(BackwardContext ctx)
    {
        for (int i = 1; i < ctx.InputCount; i++)
            if (ctx.NeedsInputGrad(i)) throw Error($"gradients with respect to input {i} (scale or bias) are not supported.");
        if (!ctx.NeedsInputGrad(0)) return;
        var x = ctx.Input(0);
        var scale = ctx.Input(1);
        if (ctx.OutputGrad(0) is not { } dy)
        {
            ctx.SetInputGrad(0, Tensor.Zeros(x.Shape));
            return;
        }
        var (rows, row, perChannel, channels) = Layout(x.Shape);
        var dx = Tensor.Uninitialized(DataType.Float32, x.Shape);
        PlaneParallel.For(rows, 8L * row, r =>
        {
            var dxr = dx.Floats.Slice(r * row, row);
            for (int c = 0, g = r % _groups; c < channels; c++)
            {
                int k = _perChannel ? g * channels + c : g;
                TensorPrimitives.Multiply(dy.Floats.Slice(r * row + c * perChannel, perChannel), scale.Floats[k], dxr.Slice(c * perChannel, perChannel));
            }
            RowNormalization.Backward(x.Floats.Slice(r * row, row), dxr, _epsilon, 0, 0);
        });
        ctx.SetInputGrad(0, dx);
    }

    /// <summary>(rows = N · groups, elements per row, elements per channel, channels per group).</summary>
    private (int Rows, int Row, int PerChannel, int Channels) Layout(int[] shape)
    {
        int perChannel = ShapeUtil.Size(shape.AsSpan(2)), channels = shape[1] / _groups;
        return (shape[0] * _groups, channels * perChannel, perChannel, channels);
    }
}
