using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using CamSharp.Tests.Oracle;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Small ONNX files with one Loop, fed to CamSharp and to ONNX Runtime alike. Inputs: x float
/// [1, 3], and as asked the trip count M (int64, 0-d) and the condition cond (bool, 0-d).
/// </summary>
internal static class LoopModels
{
    /// <summary>
    /// acc += x · i each iteration (acc starts at 0); the body's condition is sum(acc) &lt; limit
    /// (an outer initializer, 20); scan outputs x · i and i. Outputs acc [1, 3], xs [n, 1, 3], is [n].
    /// </summary>
    public static ModelBuilder Accumulate(bool tripCount, bool condition)
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 3);
        if (tripCount) b.Input("M", OnnxElementType.Int64);
        if (condition) b.Input("cond", OnnxElementType.Bool);
        b.Output("acc", OnnxElementType.Float, 1, 3).Output("xs", OnnxElementType.Float, -1, 1, 3).Output("is", OnnxElementType.Int64, -1);
        b.Initializer(ModelBuilder.Floats("acc0", [0, 0, 0], 1, 3)).Initializer(ModelBuilder.Floats("limit", [20]));

        var body = new GraphProto { Name = "accumulate" };
        body.Input.Add(ModelBuilder.Value("i", OnnxElementType.Int64, []));
        body.Input.Add(ModelBuilder.Value("cond_in", OnnxElementType.Bool, []));
        body.Input.Add(ModelBuilder.Value("acc_in", OnnxElementType.Float, [1, 3]));
        body.Node.Add(Node("Cast", ["i"], ["fi"], Int("to", OnnxElementType.Float)));
        body.Node.Add(Node("Mul", ["x", "fi"], ["xi"]));
        body.Node.Add(Node("Add", ["acc_in", "xi"], ["acc_out"]));
        body.Node.Add(Node("ReduceSum", ["acc_out"], ["total"], Int("keepdims", 0)));
        body.Node.Add(Node("Less", ["total", "limit"], ["cond_out"]));
        body.Node.Add(Node("Identity", ["i"], ["i_out"]));
        body.Output.Add(ModelBuilder.Value("cond_out", OnnxElementType.Bool, []));
        body.Output.Add(ModelBuilder.Value("acc_out", OnnxElementType.Float, [1, 3]));
        body.Output.Add(ModelBuilder.Value("xi", OnnxElementType.Float, [1, 3]));
        body.Output.Add(ModelBuilder.Value("i_out", OnnxElementType.Int64, []));

        var loop = b.Node("Loop", "/loop/Loop", [tripCount ? "M" : "", condition ? "cond" : "", "acc0"], ["acc", "xs", "is"]);
        loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttrType.Graph, G = body });
        return b;
    }

    /// <summary>
    /// torchvision's mask pasting in small: rows starts as [0, 3] and each of M iterations appends
    /// x · (i + 1) (a Concat that grows the carried value). The loop's condition is a constant true
    /// and the body passes it through, as torch's exports write a for loop. Output rows [M, 3].
    /// </summary>
    public static ModelBuilder Growing()
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 3).Input("M", OnnxElementType.Int64).Output("rows", OnnxElementType.Float, -1, 3);
        b.Initializer(ModelBuilder.Empty("rows0", OnnxElementType.Float, 0, 3));
        b.Initializer(ModelBuilder.Raw("true", OnnxElementType.Bool, [1]));
        b.Initializer(ModelBuilder.Raw("one", OnnxElementType.Int64, BitConverter.GetBytes(1L)));

        var body = new GraphProto { Name = "append" };
        body.Input.Add(ModelBuilder.Value("i", OnnxElementType.Int64, []));
        body.Input.Add(ModelBuilder.Value("cond_in", OnnxElementType.Bool, []));
        body.Input.Add(ModelBuilder.Value("rows_in", OnnxElementType.Float, [-1, 3]));
        body.Node.Add(Node("Add", ["i", "one"], ["i1"]));
        body.Node.Add(Node("Cast", ["i1"], ["f1"], Int("to", OnnxElementType.Float)));
        body.Node.Add(Node("Mul", ["x", "f1"], ["row"]));
        body.Node.Add(Node("Concat", ["rows_in", "row"], ["rows_out"], Int("axis", 0)));
        body.Node.Add(Node("Identity", ["cond_in"], ["cond_out"]));
        body.Output.Add(ModelBuilder.Value("cond_out", OnnxElementType.Bool, []));
        body.Output.Add(ModelBuilder.Value("rows_out", OnnxElementType.Float, [-1, 3]));

        var loop = b.Node("Loop", "/paste/Loop", ["M", "true", "rows0"], ["rows"]);
        loop.Attribute.Add(new AttributeProto { Name = "body", Type = AttrType.Graph, G = body });
        return b;
    }

    public static OracleFeed X(params float[] values) => OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 3], values);

    public static OracleFeed TripCount(long m) => new("M", OnnxElementType.Int64, [], BitConverter.GetBytes(m));

    public static OracleFeed Condition(bool c) => new("cond", OnnxElementType.Bool, [], [(byte)(c ? 1 : 0)]);

    public static Dictionary<string, Tensor> Tensors(IEnumerable<OracleFeed> feeds) => feeds.ToDictionary(f => f.Name, f => f.ToTensor());

    private static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = $"/loop/body/{opType}_{outputs[0]}" };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttrType.Int, I = value };
}
