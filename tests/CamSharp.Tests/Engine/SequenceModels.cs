using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tests.Onnx;
using Google.Protobuf;
using AttrType = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType;

namespace CamSharp.Tests.Engine;

/// <summary>
/// Small ONNX files with loops and sequences as torch 1.13 exports them, for the load-time
/// rewrites (<c>LoopUnrolling</c>, <c>StaticSequences</c>). Input x float [1, 2, 6, 3].
/// </summary>
internal static class SequenceModels
{
    public static readonly int[] XShape = [1, 2, 6, 3];

    /// <summary>
    /// MViT's pool_q/pool_k/pool_v split in small: x is split along axis 2 into its first token and
    /// the rest. SequenceEmpty → a Loop (trip count a Constant 1, condition a Constant true, the body's
    /// condition an Identity of that Constant) whose body appends Slice(x, points[i], points[i + 1]) with
    /// SequenceInsert → another SequenceInsert of Slice(x, 1, dim) → SequenceAt 0 and 1. Then
    /// y = Concat(head², tanh(Transpose(rest))ᵀ) along axis 2, the same shape as x.
    /// <paramref name="plain"/> writes the two Slices directly, as the reference. torch gives the body's Slice
    /// 0-d starts and ends (a Gather of a scalar index), which ONNX Runtime refuses ("Starts must be a 1-D
    /// array"); <paramref name="vectorBounds"/> unsqueezes them to [1] for it.
    /// </summary>
    public static ModelBuilder MvitSplit(bool plain = false, bool vectorBounds = false)
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 2, 6, 3).Output("y", OnnxElementType.Float, 1, 2, 6, 3);
        Constant(b, "/pool/Constant", "axis", Longs([2], 1));
        Constant(b, "/pool/Constant_1", "one", Longs([1], 1));
        Constant(b, "/pool/Constant_2", "big", Longs([long.MaxValue], 1));
        if (plain)
        {
            Constant(b, "/pool/Constant_3", "zero", Longs([0], 1));
            b.Node("Slice", "/pool/Slice", ["x", "zero", "one", "axis"], ["head"]);
            b.Node("Slice", "/pool/Slice_1", ["x", "one", "big", "axis"], ["rest"]);
        }
        else
        {
            Constant(b, "/pool/Constant_3", "M", Longs([1], 1));
            Constant(b, "/pool/Constant_4", "true", Bools(true));
            Constant(b, "/pool/Constant_5", "points", Longs([0, 1], 2));
            b.Node("SequenceEmpty", "/pool/SequenceEmpty", [], ["empty"]).Attribute.Add(Int("dtype", OnnxElementType.Float));

            var body = new GraphProto { Name = "split" };
            body.Input.Add(ModelBuilder.Value("i", OnnxElementType.Int64, []));
            body.Input.Add(ModelBuilder.Value("cond_in", OnnxElementType.Bool, []));
            body.Input.Add(SequenceValue("seq_in"));
            body.Node.Add(Node("Gather", "/pool/Gather", ["points", "i"], ["start"], Int("axis", 0)));
            body.Node.Add(Node("Constant", "/pool/Constant_7", [], ["one_scalar"], new AttributeProto { Name = "value", Type = AttrType.Tensor, T = Longs([1]) }));
            body.Node.Add(Node("Add", "/pool/Add", ["i", "one_scalar"], ["i1"]));
            body.Node.Add(Node("Gather", "/pool/Gather_1", ["points", "i1"], ["end"], Int("axis", 0)));
            if (vectorBounds)
            {
                Constant(b, "/pool/Constant_6", "axes0", Longs([0], 1));
                body.Node.Add(Node("Unsqueeze", "/pool/Unsqueeze", ["start", "axes0"], ["start1"]));
                body.Node.Add(Node("Unsqueeze", "/pool/Unsqueeze_1", ["end", "axes0"], ["end1"]));
                body.Node.Add(Node("Slice", "/pool/Slice", ["x", "start1", "end1", "axis"], ["piece"]));
            }
            else body.Node.Add(Node("Slice", "/pool/Slice", ["x", "start", "end", "axis"], ["piece"]));
            body.Node.Add(Node("SequenceInsert", "/pool/SequenceInsert", ["seq_in", "piece"], ["seq_out"]));
            body.Node.Add(Node("Identity", "/pool/Identity", ["true"], ["cond_out"]));
            body.Output.Add(ModelBuilder.Value("cond_out", OnnxElementType.Bool, []));
            body.Output.Add(SequenceValue("seq_out"));
            b.Node("Loop", "/pool/Loop", ["M", "true", "empty"], ["pieces"]).Attribute.Add(new AttributeProto { Name = "body", Type = AttrType.Graph, G = body });

            b.Node("Slice", "/pool/Slice_1", ["x", "one", "big", "axis"], ["last"]);
            b.Node("SequenceInsert", "/pool/SequenceInsert_1", ["pieces", "last"], ["all"]);
            Constant(b, "Constant_9", "at0", Longs([0]));
            Constant(b, "Constant_10", "at1", Longs([1]));
            b.Node("SequenceAt", "/pool/SequenceAt", ["all", "at0"], ["head"]);
            b.Node("SequenceAt", "/pool/SequenceAt_1", ["all", "at1"], ["rest"]);
        }
        b.Node("Mul", "/pool/Mul", ["head", "head"], ["head2"]);
        b.Node("Transpose", "/pool/Transpose", ["rest"], ["restT"]).Attribute.Add(Ints("perm", 0, 1, 3, 2));
        b.Node("Tanh", "/pool/Tanh", ["restT"], ["tanhT"]);
        b.Node("Transpose", "/pool/Transpose_1", ["tanhT"], ["tanh"]).Attribute.Add(Ints("perm", 0, 1, 3, 2));
        b.Node("Concat", "/pool/Concat", ["head2", "tanh"], ["y"]).Attribute.Add(Int("axis", 2));
        return b;
    }

    /// <summary>
    /// A loop with a carried value and two scan outputs, as a `for` loop: acc = tanh(acc) + x · i · scale (scale a body
    /// initializer), scanning x · i · scale and i.
    /// The trip count is the initializer M (<paramref name="tripCount"/>), or the graph input M when null;
    /// the condition is an initializer true passed through by the body, or <paramref name="bodyCondition"/>
    /// computed (sum(acc) &lt; 1e9) when false. Outputs acc [1, 2, 6, 3], xs [M, 1, 2, 6, 3], is [M].
    /// </summary>
    public static ModelBuilder Accumulate(long? tripCount, bool bodyConditionPassedThrough = true)
    {
        var b = new ModelBuilder().Input("x", OnnxElementType.Float, 1, 2, 6, 3);
        if (tripCount is { } m) b.Initializer(Named("M", Longs([m])));
        else b.Input("M", OnnxElementType.Int64);
        b.Output("acc", OnnxElementType.Float, 1, 2, 6, 3).Output("xs", OnnxElementType.Float, -1, 1, 2, 6, 3).Output("is", OnnxElementType.Int64, -1);
        b.Initializer(ModelBuilder.Floats("acc0", new float[36], 1, 2, 6, 3));
        b.Initializer(Named("true", Bools(true)));

        var body = new GraphProto { Name = "accumulate" };
        body.Initializer.Add(ModelBuilder.Floats("limit", [1e9f]));
        body.Initializer.Add(ModelBuilder.Floats("scale", [0.5f]));
        body.Input.Add(ModelBuilder.Value("i", OnnxElementType.Int64, []));
        body.Input.Add(ModelBuilder.Value("cond_in", OnnxElementType.Bool, []));
        body.Input.Add(ModelBuilder.Value("acc_in", OnnxElementType.Float, [1, 2, 6, 3]));
        body.Node.Add(Node("Cast", "/loop/Cast", ["i"], ["fi"], Int("to", OnnxElementType.Float)));
        body.Node.Add(Node("Mul", "/loop/Mul", ["x", "fi"], ["xf"]));
        body.Node.Add(Node("Mul", "/loop/Mul_1", ["xf", "scale"], ["xi"]));
        body.Node.Add(Node("Tanh", "/loop/Tanh", ["acc_in"], ["t"]));
        body.Node.Add(Node("Add", "/loop/Add", ["t", "xi"], ["acc_out"]));
        body.Node.Add(Node("Identity", "/loop/Identity", ["i"], ["i_out"]));
        if (bodyConditionPassedThrough) body.Node.Add(Node("Identity", "/loop/Identity_1", ["cond_in"], ["cond_out"]));
        else
        {
            body.Node.Add(Node("ReduceSum", "/loop/ReduceSum", ["acc_out"], ["total"], Int("keepdims", 0)));
            body.Node.Add(Node("Less", "/loop/Less", ["total", "limit"], ["cond_out"]));
        }
        body.Output.Add(ModelBuilder.Value("cond_out", OnnxElementType.Bool, []));
        body.Output.Add(ModelBuilder.Value("acc_out", OnnxElementType.Float, [1, 2, 6, 3]));
        body.Output.Add(ModelBuilder.Value("xi", OnnxElementType.Float, [1, 2, 6, 3]));
        body.Output.Add(ModelBuilder.Value("i_out", OnnxElementType.Int64, []));
        b.Node("Loop", "/loop/Loop", ["M", "true", "acc0"], ["acc", "xs", "is"]).Attribute.Add(new AttributeProto { Name = "body", Type = AttrType.Graph, G = body });
        return b;
    }

    public static NodeProto Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var n = new NodeProto { OpType = opType, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        n.Attribute.AddRange(attributes);
        return n;
    }

    public static void Constant(ModelBuilder b, string name, string output, TensorProto value) =>
        b.Node("Constant", name, [], [output]).Attribute.Add(new AttributeProto { Name = "value", Type = AttrType.Tensor, T = value });

    public static TensorProto Longs(long[] values, params long[] dims) =>
        ModelBuilder.Raw("", OnnxElementType.Int64, values.SelectMany(BitConverter.GetBytes).ToArray(), dims);

    public static TensorProto Bools(bool value) => ModelBuilder.Raw("", OnnxElementType.Bool, [(byte)(value ? 1 : 0)]);

    public static TensorProto Named(string name, TensorProto t)
    {
        var named = t.Clone();
        named.Name = name;
        return named;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttrType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttrType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>A body input or output holding a sequence: a name without a type (this proto schema has no sequence types).</summary>
    public static ValueInfoProto SequenceValue(string name) => new() { Name = name };

    public static Model Load(ModelBuilder b) => Model.Load(b.Bytes(), "sequences.onnx");

    /// <summary>x: a fixed pseudo-random input.</summary>
    public static Tensor X(int seed = 3) => Ops.OpTester.RandomTensor(new Random(seed), XShape);

    /// <summary>
    /// Checks d(Σ_k w_k · output_k)/dx (random weights w on the float outputs) from the engine's backward
    /// against central finite differences of the forward, for every element of x.
    /// </summary>
    public static void CheckInputGradient(Model model, Tensor x, int seed = 7, float eps = 1e-2f)
    {
        var rng = new Random(seed);
        Tensor?[] weights;
        float[] analytic;
        using (var pass = model.Session.Run(x, new RunOptions { GradientsFor = ["x"] }))
        {
            weights = pass.Outputs.Select(o => o.Type == DataType.Float32 ? Ops.OpTester.RandomTensor(rng, o.Shape) : null).ToArray();
            using var grads = pass.Backward(weights);
            analytic = grads["x"].Floats.ToArray();
        }
        double Loss()
        {
            using var pass = model.Session.Run(x);
            double sum = 0;
            for (int k = 0; k < weights.Length; k++)
                if (weights[k] is { } w)
                    for (int j = 0; j < w.Length; j++) sum += (double)w.Floats[j] * pass.Outputs[k].Floats[j];
            return sum;
        }
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x.Floats[i];
            x.Floats[i] = keep + eps;
            double up = Loss();
            x.Floats[i] = keep - eps;
            double down = Loss();
            x.Floats[i] = keep;
            double numeric = (up - down) / (2.0 * eps);
            Xunit.Assert.True(Math.Abs(numeric - analytic[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric), $"x[{i}]: numeric {numeric}, analytic {analytic[i]}");
        }
    }
}
