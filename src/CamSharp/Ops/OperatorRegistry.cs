using CamSharp.Engine;

namespace CamSharp.Ops;

/// <summary>Makes an operator for one node; <paramref name="opset"/> is the model's default-domain opset.</summary>
public delegate Operator OperatorFactory(Node node, int opset);

/// <summary>
/// The one explicit list of supported ONNX operators (no reflection scan). Names are
/// exactly the spec's op types.
/// </summary>
internal static class OperatorRegistry
{
    private static readonly Dictionary<string, OperatorFactory> Factories = new(StringComparer.Ordinal)
    {
        // ---- elementwise and activations ----
        ["Relu"] = (node, _) => new Relu(node),
        ["LeakyRelu"] = (node, _) => new LeakyRelu(node),
        ["Elu"] = (node, _) => new Elu(node),
        ["Sigmoid"] = (node, _) => new Sigmoid(node),
        ["Tanh"] = (node, _) => new Tanh(node),
        ["HardSigmoid"] = (node, _) => new HardSigmoid(node),
        ["HardSwish"] = (node, _) => new HardSwish(node),
        ["Softplus"] = (node, _) => new Softplus(node),
        ["Erf"] = (node, _) => new Erf(node),
        ["Gelu"] = (node, _) => new Gelu(node),
        ["Sqrt"] = (node, _) => new Sqrt(node),
        ["Exp"] = (node, _) => new Exp(node),
        ["Log"] = (node, _) => new Log(node),
        ["Reciprocal"] = (node, _) => new Reciprocal(node),
        ["Neg"] = (node, _) => new Neg(node),
        ["Abs"] = (node, _) => new Abs(node),
        ["Floor"] = (node, _) => new Floor(node),
        ["Ceil"] = (node, _) => new Ceil(node),
        ["Round"] = (node, _) => new Round(node),
        ["Add"] = (node, _) => new Add(node),
        ["Sub"] = (node, _) => new Sub(node),
        ["Mul"] = (node, _) => new Mul(node),
        ["Div"] = (node, _) => new Div(node),
        ["Pow"] = (node, _) => new Pow(node),
        ["Sum"] = (node, _) => new Sum(node),
        ["Mean"] = (node, _) => new Mean(node),
        ["Max"] = (node, _) => new Max(node),
        ["Min"] = (node, _) => new Min(node),
        ["Where"] = (node, _) => new Where(node),
        ["Equal"] = (node, _) => new Equal(node),
        ["Greater"] = (node, _) => new Greater(node),
        ["Less"] = (node, _) => new Less(node),
        ["GreaterOrEqual"] = (node, _) => new GreaterOrEqual(node),
        ["LessOrEqual"] = (node, _) => new LessOrEqual(node),
        ["Not"] = (node, _) => new Not(node),
        ["And"] = (node, _) => new And(node),
        ["Or"] = (node, _) => new Or(node),
        ["Xor"] = (node, _) => new Xor(node),
        ["Cast"] = (node, _) => new Cast(node),
        ["CastLike"] = (node, _) => new CastLike(node),
        ["Identity"] = (node, _) => new Identity(node),
        ["Clip"] = (node, opset) => new Clip(node, opset),
        ["Dropout"] = (node, opset) => new Dropout(node, opset),
        ["PRelu"] = (node, _) => new PRelu(node),
        ["Selu"] = (node, _) => new Selu(node),
        ["Celu"] = (node, _) => new Celu(node),
        ["ThresholdedRelu"] = (node, _) => new ThresholdedRelu(node),
        ["Shrink"] = (node, _) => new Shrink(node),
        ["Sign"] = (node, _) => new Sign(node),
        ["Softsign"] = (node, _) => new Softsign(node),
        ["Mish"] = (node, _) => new Mish(node),
        ["Mod"] = (node, _) => new Mod(node),
        ["Sin"] = (node, _) => new Sin(node),
        ["Cos"] = (node, _) => new Cos(node),
        ["Tan"] = (node, _) => new Tan(node),
        ["Asin"] = (node, _) => new Asin(node),
        ["Acos"] = (node, _) => new Acos(node),
        ["Atan"] = (node, _) => new Atan(node),
        ["Sinh"] = (node, _) => new Sinh(node),
        ["Cosh"] = (node, _) => new Cosh(node),
        ["Asinh"] = (node, _) => new Asinh(node),
        ["Acosh"] = (node, _) => new Acosh(node),
        ["Atanh"] = (node, _) => new Atanh(node),
        ["IsInf"] = (node, _) => new IsInf(node),
        ["IsNaN"] = (node, _) => new IsNaN(node),


        // ---- neural network (conv, pool, norm, linear, resize) ----
        ["Conv"] = (node, opset) => new Conv(node),
        ["Gemm"] = (node, opset) => new Gemm(node),
        ["MatMul"] = (node, opset) => new MatMul(node),


        // ---- pooling, normalization, resize ----
        ["AveragePool"] = (node, opset) => new AveragePool(node),
        ["BatchNormalization"] = (node, opset) => new BatchNormalization(node, opset),
        ["GlobalAveragePool"] = (node, opset) => new GlobalAveragePool(node),
        ["GlobalMaxPool"] = (node, opset) => new GlobalMaxPool(node),
        ["GlobalLpPool"] = (node, _) => new GlobalLpPool(node),
        ["GroupNormalization"] = (node, opset) => new GroupNormalization(node, opset),
        ["Hardmax"] = (node, opset) => new Hardmax(node, opset),
        ["LpNormalization"] = (node, _) => new LpNormalization(node),
        ["LpPool"] = (node, _) => new LpPool(node),
        ["LRN"] = (node, _) => new LRN(node),
        ["MeanVarianceNormalization"] = (node, _) => new MeanVarianceNormalization(node),
        ["InstanceNormalization"] = (node, opset) => new InstanceNormalization(node),
        ["LayerNormalization"] = (node, opset) => new LayerNormalization(node),
        ["LogSoftmax"] = (node, opset) => new LogSoftmax(node, opset),
        ["MaxPool"] = (node, opset) => new MaxPool(node),
        ["Pad"] = (node, opset) => new Pad(node, opset),
        ["ReduceMax"] = (node, opset) => new ReduceMax(node, opset),
        ["ReduceMean"] = (node, opset) => new ReduceMean(node, opset),
        ["ReduceMin"] = (node, opset) => new ReduceMin(node, opset),
        ["ReduceSum"] = (node, opset) => new ReduceSum(node, opset),
        ["ReduceL1"] = (node, opset) => new ReduceL1(node, opset),
        ["ReduceL2"] = (node, opset) => new ReduceL2(node, opset),
        ["ReduceLogSum"] = (node, opset) => new ReduceLogSum(node, opset),
        ["ReduceLogSumExp"] = (node, opset) => new ReduceLogSumExp(node, opset),
        ["ReduceProd"] = (node, opset) => new ReduceProd(node, opset),
        ["ReduceSumSquare"] = (node, opset) => new ReduceSumSquare(node, opset),
        ["ArgMax"] = (node, _) => new ArgMax(node),
        ["ArgMin"] = (node, _) => new ArgMin(node),
        ["CumSum"] = (node, _) => new CumSum(node),
        ["Resize"] = (node, opset) => new Resize(node, opset),
        ["Softmax"] = (node, opset) => new Softmax(node, opset),
        ["Upsample"] = (node, opset) => new Upsample(node, opset),

        // ---- quantized (integers held as Int64, straight-through gradients) ----
        ["ConvInteger"] = (node, _) => new ConvInteger(node),
        ["DequantizeLinear"] = (node, _) => new DequantizeLinear(node),
        ["DynamicQuantizeLinear"] = (node, _) => new DynamicQuantizeLinear(node),
        ["MatMulInteger"] = (node, _) => new MatMulInteger(node),
        ["QLinearConv"] = (node, _) => new QLinearConv(node),
        ["QLinearMatMul"] = (node, _) => new QLinearMatMul(node),
        ["QuantizeLinear"] = (node, _) => new QuantizeLinear(node),
        [RequantizedConv.OpType] = (node, _) => new RequantizedConv(node), // internal: made at load by QdqConvRewrite
        [RequantizedMatMul.OpType] = (node, _) => new RequantizedMatMul(node), // internal: made at load by QdqConvRewrite

        // ---- shape and data movement ----
        ["Concat"] = (node, _) => new Concat(node),
        ["Constant"] = (node, _) => new Constant(node),
        ["ConstantOfShape"] = (node, _) => new ConstantOfShape(node),
        ["Expand"] = (node, _) => new Expand(node),
        ["Flatten"] = (node, _) => new Flatten(node),
        ["Gather"] = (node, _) => new Gather(node),
        ["GatherElements"] = (node, _) => new GatherElements(node),
        ["Range"] = (node, _) => new Range(node),
        ["Reshape"] = (node, opset) => new Reshape(node, opset),
        ["Shape"] = (node, opset) => new Shape(node, opset),
        ["Size"] = (node, _) => new Size(node),
        ["Slice"] = (node, opset) => new Slice(node, opset),
        ["Split"] = (node, opset) => new Split(node, opset),
        ["Squeeze"] = (node, opset) => new Squeeze(node, opset),
        ["Tile"] = (node, _) => new Tile(node),
        ["Transpose"] = (node, _) => new Transpose(node),
        ["Trilu"] = (node, _) => new Trilu(node),
        ["EyeLike"] = (node, _) => new EyeLike(node),
        ["OneHot"] = (node, _) => new OneHot(node),
        ["Unsqueeze"] = (node, opset) => new Unsqueeze(node, opset),

        // ---- indexing, geometry, detection, control flow ----
        ["ConvTranspose"] = (node, _) => new ConvTranspose(node),
        ["DepthToSpace"] = (node, _) => new DepthToSpace(node),
        ["Einsum"] = (node, _) => new Einsum(node),
        ["GatherND"] = (node, _) => new GatherND(node),
        ["GridSample"] = (node, _) => new GridSample(node),
        ["If"] = (node, opset) => new If(node, opset),
        ["Loop"] = (node, opset) => new Loop(node, opset),
        ["MaxRoiPool"] = (node, _) => new MaxRoiPool(node),
        ["NonMaxSuppression"] = (node, _) => new NonMaxSuppression(node),
        ["NonZero"] = (node, _) => new NonZero(node),
        ["RoiAlign"] = (node, opset) => new RoiAlign(node, opset),
        ["Scatter"] = (node, _) => new ScatterElements(node),
        ["ScatterElements"] = (node, _) => new ScatterElements(node),
        ["ScatterND"] = (node, _) => new ScatterND(node),
        ["SpaceToDepth"] = (node, _) => new SpaceToDepth(node),
        [FocusSpaceToDepth.OpType] = (node, _) => new FocusSpaceToDepth(node), // internal: made at plan time by FocusFusion
        ["TopK"] = (node, opset) => new TopK(node, opset),


    };

    /// <summary>Op types the engine can run.</summary>
    public static IReadOnlyCollection<string> SupportedOpTypes => Factories.Keys;

    public static bool IsSupported(string opType) => Factories.ContainsKey(opType);

    /// <summary>Binds a node to its operator; throws <see cref="ModelException"/> for an unknown op type.</summary>
    public static Operator Create(Node node, int opset)
    {
        if (!Factories.TryGetValue(node.OpType, out var factory))
            throw new ModelException($"{node}: operator '{node.OpType}' is not supported.");
        try
        {
            return factory(node, opset);
        }
        catch (ModelException e) when (!e.Message.Contains(node.DisplayName, StringComparison.Ordinal))
        {
            throw new ModelException($"{node}: {e.Message}", e);
        }
        catch (Exception e) when (e is ArgumentException or IndexOutOfRangeException or OverflowException)
        {
            // Attribute values a hostile file made inconsistent.
            throw new ModelException($"{node}: {e.Message}", e);
        }
    }
}
