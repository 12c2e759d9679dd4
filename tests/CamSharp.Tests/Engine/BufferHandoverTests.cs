using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Engine;

/// <summary>
/// A Reshape, Flatten, Squeeze, Unsqueeze or Identity takes its input's buffer only when the
/// input dies there; a tapped, kept, re-read or caller-owned input is copied and stays intact.
/// </summary>
public sealed class BufferHandoverTests
{
    private static readonly float[] Data = [-1, 2, -3, 4, 5, -6, 7, -8, 9, 10, -11, 12];

    /// <summary>x → Relu → r → Reshape [2, 6] → f → Flatten → g → Unsqueeze → u → Squeeze → s → Identity → y; and r → Sigmoid → z when <paramref name="reRead"/>.</summary>
    private static Session Chain(bool reRead)
    {
        List<Node> nodes =
        [
            new("relu", "Relu", ["x"], ["r"]),
            new("reshape", "Reshape", ["r", "shape"], ["f"]),
            new("flatten", "Flatten", ["f"], ["g"], new Attributes().Set("axis", 1L)),
            new("unsqueeze", "Unsqueeze", ["g", "axes"], ["u"]),
            new("squeeze", "Squeeze", ["u", "axes"], ["s"]),
            new("identity", "Identity", ["s"], ["y"]),
        ];
        if (reRead) nodes.Add(new("sigmoid", "Sigmoid", ["r"], ["z"]));
        var initializers = new Dictionary<string, Tensor> { ["shape"] = Tensor.Vector(2, 6), ["axes"] = Tensor.Vector(0) };
        return new(new Graph(nodes, initializers, [new GraphInput("x", DataType.Float32, [2, 2, 3])], reRead ? ["y", "z"] : ["y"], 17, "chain"));
    }

    private static float[] Relu() => Data.Select(v => Math.Max(v, 0f)).ToArray();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Run_RelabellingChain_GivesTheInputValuesInTheNewShape(bool reRead)
    {
        var x = Tensor.FromFloats((float[])Data.Clone(), 2, 2, 3);
        using var pass = Chain(reRead).Run(new Dictionary<string, Tensor> { ["x"] = x });
        Assert.Equal([2, 6], pass.Output("y").Shape);
        Assert.Equal(Relu(), pass.Output("y").ToFloatArray());
        if (reRead) Assertions.AssertRelative(pass.Output("z").ToFloatArray(), Relu().Select(v => 1 / (1 + MathF.Exp(-v))).ToArray(), 1e-6, "sigmoid of the re-read value");
        Assert.Equal(Data, x.ToFloatArray());
    }

    [Fact]
    public void Run_TappedValuesInTheChain_StayReadable()
    {
        var x = Tensor.FromFloats((float[])Data.Clone(), 2, 2, 3);
        using var pass = Chain(false).Run(new Dictionary<string, Tensor> { ["x"] = x }, new RunOptions { Taps = ["r", "g", "s"] });
        Assert.Equal(Relu(), pass.Value("r").ToFloatArray());
        Assert.Equal([2, 2, 3], pass.Value("r").Shape);
        Assert.Equal(Relu(), pass.Value("g").ToFloatArray());
        Assert.Equal(Relu(), pass.Value("s").ToFloatArray());
        Assert.Equal(Relu(), pass.Output("y").ToFloatArray());
    }

    [Fact]
    public void Backward_ThroughHandedOverBuffers_GradientOfTheReluInput()
    {
        var x = Tensor.FromFloats((float[])Data.Clone(), 2, 2, 3);
        using var pass = Chain(false).Run(new Dictionary<string, Tensor> { ["x"] = x }, new RunOptions { GradientsFor = ["x", "r"] });
        using var seed = Tensor.FromFloats(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), 2, 6);
        using var grads = pass.Backward([seed]);
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (float)i).ToArray(), grads["r"].ToFloatArray());
        Assert.Equal(Enumerable.Range(1, 12).Select(i => Data[i - 1] > 0 ? (float)i : 0f).ToArray(), grads["x"].ToFloatArray());
    }

    [Fact]
    public void RunFrom_RelabelledValue_ReplacementStaysTheCallers()
    {
        var x = Tensor.FromFloats((float[])Data.Clone(), 2, 2, 3);
        using var pass = Chain(false).Run(new Dictionary<string, Tensor> { ["x"] = x }, new RunOptions { RerunFrom = ["r"] });
        var replacement = Tensor.FromFloats(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), 2, 2, 3);
        var outputs = pass.RunFrom("r", replacement);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), outputs[0].ToFloatArray());
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), replacement.ToFloatArray());
        Assert.Equal(Relu(), pass.Output("y").ToFloatArray());
    }

    [Fact]
    public void TryTake_InputDyingHere_MovesTheBufferAndOtherwiseNot()
    {
        var op = CamSharp.Ops.OperatorRegistry.Create(new Node("flatten", "Flatten", ["a"], ["b"]), 17);
        TensorInfo?[] infos = [new TensorInfo(DataType.Float32, [2, 3]), new TensorInfo(DataType.Float32, [6])];
        Tensor? Take(bool owned, bool keep, int lastUse, out Tensor input)
        {
            input = Tensor.Zeros(DataType.Float32, [2, 3]);
            return BufferHandover.TryTake(op, [0], [1], 4, [input, null], [owned, false], [keep, false], [lastUse, -1], infos);
        }
        using (var moved = Take(owned: true, keep: false, lastUse: 4, out var dying))
        {
            Assert.NotNull(moved);
            Assert.Equal([6], moved!.Shape);
            Assert.Throws<InvalidOperationException>(() => dying.Floats.Length);
        }
        Assert.Null(Take(owned: false, keep: false, lastUse: 4, out _));
        Assert.Null(Take(owned: true, keep: true, lastUse: 4, out _));
        Assert.Null(Take(owned: true, keep: false, lastUse: 5, out var later));
        Assert.Equal(6, later.Floats.Length);
    }
}
