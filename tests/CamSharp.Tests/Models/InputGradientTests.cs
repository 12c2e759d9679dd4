using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Models;

/// <summary>Gradients with respect to the input, and replaced backward rules (Guided Backprop's hook).</summary>
public sealed class InputGradientTests
{
    private static (Model Model, Tensor Input) Digit() =>
        (TestModels.Fixture("digitcnn"), Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy"));

    /// <summary>A smooth graph (Conv → Sigmoid → GlobalAveragePool → Flatten → Gemm) so finite differences are precise.</summary>
    private static Session SmoothGraph()
    {
        var rng = new Random(9);
        Tensor R(params int[] shape) => Ops.OpTester.RandomTensor(rng, shape);
        var inits = new Dictionary<string, Tensor> { ["w"] = R(4, 2, 3, 3), ["b"] = R(4), ["fw"] = R(3, 4), ["fb"] = R(3) };
        var nodes = new List<Node>
        {
            new("/conv/Conv", "Conv", ["x", "w", "b"], ["c"], new Attributes().Set("pads", new long[] { 1, 1, 1, 1 })),
            new("/act/Sigmoid", "Sigmoid", ["c"], ["s"]),
            new("/pool/GlobalAveragePool", "GlobalAveragePool", ["s"], ["p"]),
            new("/flat/Flatten", "Flatten", ["p"], ["f"]),
            new("/fc/Gemm", "Gemm", ["f", "fw", "fb"], ["y"], new Attributes().Set("transB", 1)),
        };
        return new Session(new Graph(nodes, inits, [new GraphInput("x", DataType.Float32, [-1, 2, 6, 7])], ["y"], 17, "smooth"));
    }

    [Fact]
    public void Backward_InputGradient_MatchesFiniteDifferences()
    {
        var session = SmoothGraph();
        var x = Ops.OpTester.RandomTensor(new Random(5), 1, 2, 6, 7);
        using var pass = session.Run(x, new RunOptions { GradientsFor = ["x"] });
        using var grads = pass.Backward([new ClassTarget(1)]);
        var g = grads["x"].Floats.ToArray();
        const float eps = 1e-2f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x.Floats[i];
            x.Floats[i] = keep + eps;
            float up;
            using (var p = session.Run(x)) up = p.Outputs[0].Floats[1];
            x.Floats[i] = keep - eps;
            float down;
            using (var p = session.Run(x)) down = p.Outputs[0].Floats[1];
            x.Floats[i] = keep;
            double numeric = (up - down) / (2.0 * eps);
            Assert.True(Math.Abs(numeric - g[i]) <= 1e-3 + 1e-2 * Math.Abs(numeric), $"x[{i}]: numeric {numeric} vs analytic {g[i]}");
        }
    }

    [Fact]
    public void Backward_OverrideRelu_RuleIsUsedForThatCallOnly()
    {
        var (model, x) = Digit();
        string input = model.Session.InputName;
        using var pass = model.Session.Run(x, new RunOptions { GradientsFor = [input] });
        int calls = 0;
        var blockRelu = new BackwardOptions
        {
            Override = (op, ctx) =>
            {
                if (op.Node.OpType != "Relu") return false;
                calls++;
                ctx.SetInputGrad(0, Tensor.Zeros(ctx.InputInfo(0).Shape));
                return true;
            },
        };
        using (var blocked = pass.Backward([new ClassTarget(3)], blockRelu))
        {
            Assert.True(calls > 0);
            // Every path from the logits to the input crosses a Relu: a zero rule there zeroes everything.
            Assert.All(blocked[input].Floats.ToArray(), v => Assert.Equal(0f, v));
        }
        using var plain = pass.Backward([new ClassTarget(3)]);
        Assert.Contains(plain[input].Floats.ToArray(), v => v != 0f);
    }
}
