using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx.Adapters;

/// <summary>Reshape before opset 5 took the target shape as the <c>shape</c> attribute; from 5 it is input 1.</summary>
internal static class ReshapeShapeAttribute
{
    public static IEnumerable<Node> Adapt(Node node, long opset, AdapterContext ctx)
    {
        if (node.OpType != "Reshape" || node.Inputs.Length > 1) return [node];
        if (node.Attributes.GetInts("shape") is not { } shape)
        {
            ctx.Problem(node, "has neither a shape input nor a 'shape' attribute");
            return [node];
        }
        string name = ctx.AddConstant($"{node.Outputs[0]}_shape", Tensor.Vector(shape));
        return [OpsetAdapter.With(node, [node.Inputs[0], name], node.Attributes.Without("shape"))];
    }
}
