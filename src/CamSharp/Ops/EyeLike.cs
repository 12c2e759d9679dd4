using CamSharp.Engine;
using CamSharp.Tensors;
using Tensor = CamSharp.Tensors.Tensor;

namespace CamSharp.Ops;

/// <summary>
/// EyeLike: a 2-D tensor of the input's shape with ones where column − row = k (default 0) and
/// zeros elsewhere, of the ONNX type in <c>dtype</c> (default: the input's type). It depends on
/// the input's shape only, so it is a constant at plan time and passes no gradient.
/// </summary>
public sealed class EyeLike(Node node) : Operator(node)
{
    private readonly long _k = node.Attributes.GetInt("k", 0);

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        if (x.Rank != 2) throw Error($"input is {x}, expected 2 dims.");
        ctx.SetConstantOutput(0, Eye(OutputType(x.Type), x.Shape));
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        using var eye = Eye(y.Type, y.Shape);
        Elementwise.CopyAny(eye, y);
    }

    private Tensor Eye(DataType type, int[] shape)
    {
        var eye = Tensor.Zeros(type, shape);
        int rows = shape[0], cols = shape[1];
        for (int r = 0; r < rows; r++)
        {
            long c = r + _k;
            if (c < 0 || c >= cols) continue;
            int i = r * cols + (int)c;
            switch (type)
            {
                case DataType.Float32: eye.Floats[i] = 1f; break;
                case DataType.Int64: eye.Longs[i] = 1L; break;
                default: eye.Bools[i] = true; break;
            }
        }
        return eye;
    }

    /// <summary>The engine type for attribute dtype (TensorProto.DataType codes): float types to Float32, integers to Int64.</summary>
    private DataType OutputType(DataType inputType)
    {
        if (!Node.Attributes.Has("dtype")) return inputType;
        long code = Node.Attributes.GetInt("dtype");
        return code switch
        {
            1 or 10 or 11 or 16 => DataType.Float32,
            2 or 3 or 4 or 5 or 6 or 7 or 12 or 13 => DataType.Int64,
            9 => DataType.Bool,
            _ => throw Error($"dtype {code} is not a numeric or bool ONNX type."),
        };
    }
}
