using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// Producers writing into their block of a batch-1 Concat's output give exactly the values of
/// copying every block, and a block someone needs (a tap, another reader, a graph input) stays a
/// tensor of its own.
/// </summary>
public sealed class ConcatInPlaceTests
{
    private static Tensor Image(int size, int seed, int batch = 1)
    {
        var rng = new Random(seed);
        return Tensor.FromFloats(Enumerable.Range(0, batch * 3 * size * size).Select(_ => (float)rng.NextDouble() * 2 - 1).ToArray(), batch, 3, size, size);
    }

    [Theory]
    [InlineData("squeezenet1_1_tv", 224)] // fire modules: two Relu-fused Conv blocks per Concat
    [InlineData("yolox_nano", 416)] // the Focus stem's Slices, SPP's MaxPools, the neck's Resize, SiLU-fused Convs
    [InlineData("yolov8n_dequant_fp32", 640)] // C2f's bottlenecks beside Split outputs that are copied
    public void Run_ConcatsWrittenInPlace_EqualCopyingEveryBlock(string model, int size)
    {
        var session = TestModels.Asset(model).Session;
        Assert.Contains(session.GetPlan(1, 3, size, size).Concats, c => c is not null && c.Blocks.Any(b => b.Writable));
        var x = Image(size, size);
        using var inPlace = session.Run(x);
        using var copied = session.Run(x, new RunOptions { WriteConcatsInPlace = false });
        for (int k = 0; k < copied.Outputs.Count; k++)
            Assert.Equal(copied.Outputs[k].ToFloatArray(), inPlace.Outputs[k].ToFloatArray());
    }

    [Fact]
    public void Run_TappedBlocks_StayReadableAndEqual()
    {
        var session = TestModels.Asset("squeezenet1_1_tv").Session;
        var plan = session.GetPlan(1, 3, 224, 224);
        var concat = plan.Concats.First(c => c is not null)!;
        var names = concat.Blocks.Select(b => session.Graph.ValueName(b.Value)).ToArray();
        string output = session.Graph.ValueName(concat.Output);
        var x = Image(224, 5);
        using var tapped = session.Run(x, new RunOptions { Taps = [names[0], output] });
        using var plain = session.Run(x, new RunOptions { Taps = [.. names, output], WriteConcatsInPlace = false });
        Assert.Equal(plain.Value(names[0]).ToFloatArray(), tapped.Value(names[0]).ToFloatArray());
        Assert.Equal(plain.Value(output).ToFloatArray(), tapped.Value(output).ToFloatArray());
        Assert.Equal(plain.Outputs[0].ToFloatArray(), tapped.Outputs[0].ToFloatArray());
    }

    [Fact]
    public void Backward_ThroughConcatsInPlace_EqualsCopying()
    {
        var session = TestModels.Asset("squeezenet1_1_tv").Session;
        string layer = session.Graph.ValueName(session.GetPlan(1, 3, 224, 224).Concats.Last(c => c is not null)!.Output);
        var x = Image(224, 8);
        float[] Gradient(bool inPlace)
        {
            using var pass = session.Run(x, new RunOptions { GradientsFor = [layer, session.InputName], WriteConcatsInPlace = inPlace });
            using var grads = pass.Backward([new CamSharp.Explain.Targets.ClassTarget(3)]);
            return grads[session.InputName].ToFloatArray();
        }
        Assert.Equal(Gradient(false), Gradient(true));
    }

    /// <summary>x → Relu → a; x → Sigmoid → b (also read by Neg); x → Split → (c, d); Concat(a, b, c, x, d) on axis 1.</summary>
    private static Plan Mixed(int batch)
    {
        List<Node> nodes =
        [
            new("relu", "Relu", ["x"], ["a"]),
            new("sigmoid", "Sigmoid", ["x"], ["b"]),
            new("neg", "Neg", ["b"], ["n"]),
            new("split", "Split", ["x"], ["c", "d"], new Attributes().Set("axis", 1L)),
            new("concat", "Concat", ["a", "b", "c", "x", "d"], ["y"], new Attributes().Set("axis", 1L)),
        ];
        var graph = new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, [-1, 2, 3])], ["y", "n"], 17, "mixed");
        return new Session(graph).GetPlan(new Dictionary<string, TensorInfo> { ["x"] = new(DataType.Float32, [batch, 2, 3]) });
    }

    [Fact]
    public void Find_SoleReadersFromSpanWritingProducersAtBatchOne_AreWritable()
    {
        var plan = Mixed(1);
        var concat = Assert.Single(plan.Concats, c => c is not null)!;
        // a: Relu, read only here; b: read by Neg too; c, d: Split's outputs, each read only here; x: the graph input.
        Assert.Equal([true, false, true, false, true], concat.Blocks.Select(b => b.Writable).ToArray());
        Assert.Equal([0, 6, 12, 15, 21], concat.Blocks.Select(b => b.Offset).ToArray());
        Assert.All(Mixed(2).Concats, c => Assert.Null(c));
    }

    [Fact]
    public void Run_MixedBlocks_CopiesTheRestAroundTheWrittenBlock()
    {
        var plan = Mixed(1);
        var session = new Session(plan.Graph);
        var x = Tensor.FromFloats([-1, 2, -3, 4, -5, 6], 1, 2, 3);
        using var pass = session.Run(new Dictionary<string, Tensor> { ["x"] = x });
        float[] relu = [0, 2, 0, 4, 0, 6], sig = x.ToFloatArray().Select(v => 1 / (1 + MathF.Exp(-v))).ToArray();
        float[] expected = [.. relu, .. sig, -1, 2, -3, .. x.ToFloatArray(), 4, -5, 6];
        Assertions.AssertRelative(pass.Output("y").ToFloatArray(), expected, 1e-6, "concatenation");
        Assert.Equal([1, 8, 3], pass.Output("y").Shape);
    }

    [Fact]
    public void Window_KernelsIndexingStorage_RefuseIt()
    {
        using var parent = Tensor.Zeros(DataType.Float32, [1, 4, 2]);
        var window = Tensor.Window(parent, 2, [1, 1, 2]);
        window.Floats.Fill(7);
        Assert.Equal([0f, 0, 7, 7, 0, 0, 0, 0], parent.ToFloatArray());
        Assert.Throws<InvalidOperationException>(() => window.FloatStorage);
        Assert.Throws<ArgumentException>(() => Tensor.Window(parent, 7, [1, 1, 2]));
    }
}
