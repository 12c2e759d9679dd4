using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

public class QdqConvRewriteTests
{
    private const long UInt8 = 2, Int8 = 3;

    /// <summary>x → Q → DQ → Conv(DQ w, DQ bias) → Q, with the quantizers' types as the loader records them.</summary>
    private static (List<Node> Nodes, Dictionary<string, Tensor> Initializers) Pattern(long activations = UInt8, float biasScale = 0.02f * 0.5f)
    {
        var initializers = new Dictionary<string, Tensor>
        {
            ["xs"] = Tensor.FromFloats([0.02f], []),
            ["zp"] = Tensor.FromLongs([0], []),
            ["w"] = Tensor.FromLongs([3, -4], [2, 1, 1, 1]),
            ["ws"] = Tensor.FromFloats([0.5f], []),
            ["b"] = Tensor.FromLongs([7, -9], [2]),
            ["bs"] = Tensor.FromFloats([biasScale], []),
            ["ys"] = Tensor.FromFloats([0.1f], []),
        };
        Attributes Typed() => new Attributes().Set("output_dtype", activations);
        var nodes = new List<Node>
        {
            new("xq", "QuantizeLinear", ["x", "xs", "zp"], ["xq"], Typed()),
            new("xdq", "DequantizeLinear", ["xq", "xs", "zp"], ["xd"]),
            new("wdq", "DequantizeLinear", ["w", "ws", "zp"], ["wd"]),
            new("bdq", "DequantizeLinear", ["b", "bs"], ["bd"]),
            new("conv", "Conv", ["xd", "wd", "bd"], ["c"], new Attributes().Set("kernel_shape", new long[] { 1, 1 })),
            new("cq", "QuantizeLinear", ["c", "ys", "zp"], ["y"], Typed()),
        };
        return (nodes, initializers);
    }

    [Fact]
    public void Run_UInt8Pattern_ReplacesTheQuantizeLinearInPlace()
    {
        var (nodes, initializers) = Pattern();
        var result = QdqConvRewrite.Run(nodes, initializers);
        Assert.Equal(nodes.Count, result.Count);
        Assert.Equal(nodes.Take(5), result.Take(5)); // the Conv and the DequantizeLinear nodes stay
        var fused = result[5];
        Assert.Equal((RequantizedConv.OpType, RequantizedConv.Domain, "cq"), (fused.OpType, fused.Domain, fused.Name));
        Assert.Equal(["c", "xq", "xs", "zp", "w", "ws", "zp", "ys", "zp", "b"], fused.Inputs);
        Assert.Equal(["y"], fused.Outputs);
        Assert.Equal([1L, 1L], fused.Attributes.GetInts("kernel_shape")!);
        Assert.Equal(UInt8, fused.Attributes.GetInt("output_dtype"));
    }

    [Fact]
    public void Run_ReluBeforeQuantizeLinearAtZeroPointZero_AbsorbsTheRelu()
    {
        var (nodes, initializers) = Pattern();
        nodes.Insert(5, new Node("relu", "Relu", ["c"], ["r"]));
        nodes[6] = new Node("cq", "QuantizeLinear", ["r", "ys", "zp"], ["y"], new Attributes().Set("output_dtype", UInt8));
        var result = QdqConvRewrite.Run(nodes, initializers);
        Assert.Equal(RequantizedConv.OpType, result[6].OpType);
        Assert.Equal("r", result[6].Inputs[0]); // the straight-through gradient goes to the Relu's output, as before
        Assert.Same(nodes[5], result[5]);
    }

    [Fact]
    public void Run_ReluBeforeQuantizeLinearAtOtherZeroPoint_LeavesTheFloatPath()
    {
        var (nodes, initializers) = Pattern();
        initializers["yzp"] = Tensor.FromLongs([128], []);
        nodes.Insert(5, new Node("relu", "Relu", ["c"], ["r"]));
        nodes[6] = new Node("cq", "QuantizeLinear", ["r", "ys", "yzp"], ["y"], new Attributes().Set("output_dtype", UInt8));
        Assert.Same(nodes, QdqConvRewrite.Run(nodes, initializers));
    }

    [Fact]
    public void Run_UInt8MatMulPattern_BecomesRequantizedMatMul()
    {
        var initializers = new Dictionary<string, Tensor>
        {
            ["xs"] = Tensor.FromFloats([0.02f], []),
            ["zp"] = Tensor.FromLongs([0], []),
            ["w"] = Tensor.FromLongs([3, -4, 5, 6, -7, 8], [3, 2]),
            ["ws"] = Tensor.FromFloats([0.5f, 0.25f], [2]),
            ["ys"] = Tensor.FromFloats([0.1f], []),
        };
        Attributes Typed() => new Attributes().Set("output_dtype", UInt8);
        var nodes = new List<Node>
        {
            new("xq", "QuantizeLinear", ["x", "xs", "zp"], ["xq"], Typed()),
            new("xdq", "DequantizeLinear", ["xq", "xs", "zp"], ["xd"]),
            new("wdq", "DequantizeLinear", ["w", "ws", "zp"], ["wd"]),
            new("mm", "MatMul", ["xd", "wd"], ["m"]),
            new("mq", "QuantizeLinear", ["m", "ys", "zp"], ["y"], Typed()),
        };
        var fused = QdqConvRewrite.Run(nodes, initializers)[4];
        Assert.Equal((RequantizedMatMul.OpType, RequantizedConv.Domain), (fused.OpType, fused.Domain));
        Assert.Equal(["m", "xq", "xs", "zp", "w", "ws", "zp", "ys", "zp"], fused.Inputs);
    }

    [Fact]
    public void Run_Int8Activations_LeavesTheFloatPath()
    {
        var (nodes, initializers) = Pattern(activations: Int8);
        Assert.Same(nodes, QdqConvRewrite.Run(nodes, initializers));
    }

    [Fact]
    public void Run_BiasScaleNotInputTimesWeightScale_LeavesTheFloatPath()
    {
        var (nodes, initializers) = Pattern(biasScale: 0.011f);
        Assert.Same(nodes, QdqConvRewrite.Run(nodes, initializers));
    }

    [Fact]
    public void Run_ConvOutputReadTwice_LeavesTheFloatPath()
    {
        var (nodes, initializers) = Pattern();
        nodes.Add(new Node("relu", "Relu", ["c"], ["r"]));
        Assert.Same(nodes, QdqConvRewrite.Run(nodes, initializers));
    }
}
