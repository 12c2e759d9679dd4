using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Models;

/// <summary>
/// Gradients of the target with respect to fixture layers match PyTorch's, batch 1 and
/// batch 3 with a different target per row.
/// </summary>
public sealed class FixtureGradientTests
{
    private sealed record GradCase(string Run, string Model, string Value, JsonElement Target, string File);

    private static readonly Lazy<Dictionary<string, GradCase>> CasesLazy = new(() =>
    {
        var result = new Dictionary<string, GradCase>();
        foreach (var c in TestModels.OutputsIndex.GetProperty("cases").EnumerateArray())
        {
            if (!c.TryGetProperty("gradients", out var grads) || grads.GetArrayLength() != 1) continue;
            if (c.GetProperty("aug_smooth").GetBoolean()) continue;
            string file = grads[0].GetString()!;
            if (result.ContainsKey(file)) continue;
            var layer = c.GetProperty("target_layers")[0];
            result[file] = new GradCase(c.GetProperty("run").GetString()!, c.GetProperty("model").GetString()!,
                layer.GetProperty("onnx_output").GetString()!, c.GetProperty("target"), file);
        }
        return result;
    });

    public static TheoryData<string> GradientFiles() => [.. CasesLazy.Value.Keys.Order()];

    [Theory]
    [MemberData(nameof(GradientFiles))]
    public void Backward_FixtureTarget_MatchesPyTorchGradient(string file)
    {
        var gc = CasesLazy.Value[file];
        var model = TestModels.Fixture(gc.Model);
        var input = Fixtures.Npy(TestModels.OutputsIndex.GetProperty("runs").GetProperty(gc.Run).GetProperty("input_tensor").GetString()!);
        using var pass = model.Session.Run(input, new RunOptions { GradientsFor = [gc.Value] });
        using var grads = pass.Backward([FixtureTargets.Of(gc.Target)!]);
        var reference = Fixtures.Npy(file);
        Assert.Equal(reference.Shape, grads[gc.Value].Shape);
        Assertions.AssertRelative(grads[gc.Value].Floats, reference.Floats, ToleranceFor(file), file);
    }

    /// <summary>
    /// The fixtures' 1e-4, except for one ill-conditioned case. Evaluating the same ONNX graph
    /// in float64 (dev-time check with torch) shows two ReLU6 pre-activations in features.17's
    /// depthwise output whose true values are +8e-6 and +4e-6; our float32 forward gives
    /// −1.5e-5 and −3.8e-5 there, within its error at that depth (at features.14 our error
    /// against float64 is 7.86e-5, PyTorch's 7.87e-5), so those two masks close and the gradient
    /// below them moves by up to 2.6 % of its maximum. PyTorch's float32 happened to land on
    /// the right side. Above features.17 our gradients equal float64's to 3e-10.
    /// </summary>
    private static double ToleranceFor(string file) =>
        file.EndsWith("mobilenet_v2__d224__224x224__features.14__c501.npy", StringComparison.Ordinal) ? 4e-2 : 1e-4;

    public static TheoryData<string> BatchRuns() => [.. CasesLazy.Value.Values
        .Where(c => c.Target.GetProperty("type").GetString() == "ClassifierOutputTarget")
        .GroupBy(c => (c.Run, c.Value)).Where(g => g.Count() >= 2).Select(g => g.First().File).Order()];

    [Theory]
    [MemberData(nameof(BatchRuns))]
    public void Backward_BatchOfThreeWithDifferentTargets_EachRowMatchesItsReference(string firstFile)
    {
        var first = CasesLazy.Value[firstFile];
        var pair = CasesLazy.Value.Values.Where(c => c.Run == first.Run && c.Value == first.Value
            && c.Target.GetProperty("type").GetString() == "ClassifierOutputTarget").Take(2).ToArray();
        var model = TestModels.Fixture(first.Model);
        var single = Fixtures.Npy(TestModels.OutputsIndex.GetProperty("runs").GetProperty(first.Run).GetProperty("input_tensor").GetString()!);
        var batch = TensorRows.Concat([single, single, single]);
        var rows = new[] { pair[0], pair[1], pair[0] };

        using var pass = model.Session.Run(batch, new RunOptions { GradientsFor = [first.Value] });
        using var grads = pass.Backward(rows.Select(r => FixtureTargets.Of(r.Target)!).ToArray());
        var g = grads[first.Value];
        int per = g.Length / 3;
        for (int b = 0; b < 3; b++)
        {
            var reference = Fixtures.Npy(rows[b].File);
            Assertions.AssertRelative(g.Floats.Slice(b * per, per), reference.Floats, ToleranceFor(rows[b].File), $"{rows[b].File} row {b}");
        }
    }
}
