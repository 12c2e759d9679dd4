using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX ConstantOfShape: a tensor of the shape given by input 0 (a plan-time constant), every
/// element equal to the one-element <c>value</c> attribute (default float 0), of its type.
/// An empty shape gives a scalar.
/// </summary>
internal sealed class ConstantOfShape : Operator
{
    private readonly Tensor _value;

    public ConstantOfShape(Node node) : base(node)
    {
        _value = node.Attributes.GetTensor("value") ?? Tensor.Scalar(0f);
        if (_value.Length != 1) throw Error($"attribute 'value' has shape [{ShapeUtil.Format(_value.Shape)}], expected one element.");
    }

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx)
    {
        var dims = ShapeArgs.Longs(Node, ctx.RequireConstant(0, "shape"), "shape");
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++) shape[i] = ShapeArgs.Dim(Node, dims[i], "shape value");
        ctx.SetOutput(0, _value.Type, shape);
    }

    public override void Forward(ForwardContext ctx)
    {
        var y = ctx.Output(0);
        switch (y.Type)
        {
            case DataType.Float32: y.Floats.Fill(_value.Floats[0]); break;
            case DataType.Int64: y.Longs.Fill(_value.Longs[0]); break;
            default: y.Bools.Fill(_value.Bools[0]); break;
        }
    }
}
