using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Operators met in exported models, run by a <see cref="Session"/> rather than one at a time:
/// plan-time folding of integer shape arithmetic, and a backward pass to the input through a
/// chain of them (so the executor keeps exactly what each one's backward reads).
/// </summary>
public sealed class OperatorChainTests
{
    [Fact]
    public void ShapeThenReduceProd_FoldsAtPlanTime_ForReshape()
    {
        var nodes = new List<Node>
        {
            new("/shape/Shape", "Shape", ["x"], ["s"], new Attributes()),
            new("/count/ReduceProd", "ReduceProd", ["s"], ["n"], new Attributes().Set("keepdims", 1)),
            new("/flat/Reshape", "Reshape", ["x", "n"], ["y"], new Attributes()),
        };
        var session = new Session(new Graph(nodes, new Dictionary<string, Tensor>(), [new GraphInput("x", DataType.Float32, [1, 3, 4])], ["y"], 17, "count"));
        var x = OpTester.RandomTensor(new Random(1), 1, 3, 4);
        using var pass = session.Run(x);
        Assert.Equal([12], pass.Outputs[0].Shape);
        Assert.Equal(x.Floats.ToArray(), pass.Outputs[0].Floats.ToArray());
    }

    /// <summary>x → PRelu → GroupNormalization → Mish → LRN → ReduceL2 over space → Softsign → logits [1, 4].</summary>
    private static Session Chain()
    {
        var rng = new Random(21);
        var inits = new Dictionary<string, Tensor>
        {
            ["slope"] = Tensor.FromFloats([0.1f, 0.2f, 0.3f, 0.4f], 4, 1, 1),
            ["gamma"] = OpTester.RandomTensor(rng, 2),
            ["beta"] = OpTester.RandomTensor(rng, 2),
            ["axes"] = Tensor.Vector(2, 3),
        };
        var nodes = new List<Node>
        {
            new("/act/PRelu", "PRelu", ["x", "slope"], ["a"], new Attributes()),
            new("/norm/GroupNormalization", "GroupNormalization", ["a", "gamma", "beta"], ["b"], new Attributes().Set("num_groups", 2)),
            new("/act2/Mish", "Mish", ["b"], ["c"], new Attributes()),
            new("/lrn/LRN", "LRN", ["c"], ["d"], new Attributes().Set("size", 3).Set("alpha", 0.5f)),
            new("/pool/ReduceL2", "ReduceL2", ["d", "axes"], ["e"], new Attributes().Set("keepdims", 0)),
            new("/head/Softsign", "Softsign", ["e"], ["y"], new Attributes()),
        };
        return new Session(new Graph(nodes, inits, [new GraphInput("x", DataType.Float32, [1, 4, 3, 3])], ["y"], 18, "chain"));
    }

    [Fact]
    public void Backward_ThroughChain_MatchesFiniteDifferences()
    {
        var session = Chain();
        var x = ElementwiseTesting.RandomAway(new Random(6), [1, 4, 3, 3], -2, 2, kinks: [0], margin: 0.05f);
        using var pass = session.Run(x, new RunOptions { GradientsFor = ["x"] });
        Assert.Equal([1, 4], pass.Outputs[0].Shape);
        using var grads = pass.Backward([new ClassTarget(2)]);
        var g = grads["x"].Floats.ToArray();
        const float eps = 1e-3f;
        for (int i = 0; i < x.Length; i++)
        {
            float keep = x.Floats[i];
            x.Floats[i] = keep + eps;
            float up;
            using (var p = session.Run(x)) up = p.Outputs[0].Floats[2];
            x.Floats[i] = keep - eps;
            float down;
            using (var p = session.Run(x)) down = p.Outputs[0].Floats[2];
            x.Floats[i] = keep;
            double numeric = (up - down) / (2.0 * eps);
            Assert.True(Math.Abs(numeric - g[i]) <= 2e-3 + 2e-2 * Math.Abs(numeric), $"x[{i}]: numeric {numeric} vs analytic {g[i]}");
        }
    }
}
