using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Constant: exactly one of <c>value</c> (a tensor), <c>value_float</c>, <c>value_floats</c>,
/// <c>value_int</c>, <c>value_ints</c>. Sparse and string values are not supported. The
/// tensor is built once, at load, and shared as the output (never written to).
/// </summary>
internal sealed class Constant : Operator
{
    private static readonly string[] ValueAttributes =
        ["value", "value_float", "value_floats", "value_int", "value_ints", "sparse_value", "value_string", "value_strings"];

    private readonly Tensor _value;

    public Constant(Node node) : base(node)
    {
        var attrs = node.Attributes;
        var given = ValueAttributes.Where(attrs.Has).ToArray();
        if (given.Length != 1)
            throw Error($"needs exactly one of the attributes {string.Join(", ", ValueAttributes)}; it has {(given.Length == 0 ? "none" : string.Join(", ", given))}.");
        _value = given[0] switch
        {
            "value" => attrs.GetTensor("value")!,
            "value_float" => Tensor.Scalar(attrs.GetFloat("value_float", 0)),
            "value_floats" => Tensor.FromFloats(attrs.GetFloats("value_floats")!, attrs.GetFloats("value_floats")!.Length),
            "value_int" => Tensor.ScalarLong(attrs.GetInt("value_int")),
            "value_ints" => Tensor.Vector(attrs.GetInts("value_ints")!),
            _ => throw Error($"attribute '{given[0]}' is not supported (sparse and string constants)."),
        };
    }

    public override bool IsDifferentiable => false;

    public override BackwardNeeds Needs => BackwardNeeds.None;

    public override void Infer(InferContext ctx) => ctx.SetConstantOutput(0, _value);

    public override void Forward(ForwardContext ctx) => StridedCopy.CopyData(_value, ctx.Output(0));
}
