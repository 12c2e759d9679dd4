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
        using var pass = model.Session.Run(input, new RunOptions { GradientsFor = [gc.Value], Precise = IllConditioned(file) });
        using var grads = pass.Backward([FixtureTargets.Of(gc.Target)!]);
        var reference = Fixtures.Npy(file);
        Assert.Equal(reference.Shape, grads[gc.Value].Shape);
        Assertions.AssertRelative(grads[gc.Value].Floats, reference.Floats, ToleranceFor(file), file);
    }

    /// <summary>
    /// One ill-conditioned case: MobileNetV2's features.14 gradient for class 501. Two ReLU6
    /// pre-activations in features.17's depthwise output are truly +8e-6 and +4e-6; a float32
    /// forward (ours, and PyTorch's on this machine) is off by more than that at that depth and
    /// closes one or both masks, moving the gradient by 2.6 % of its maximum
    /// (tools/precision/mobilenet_kink_check.py). It is run with float64 accumulation
    /// (RunOptions.Precise), which lands on exact arithmetic's answer, and that answer is itself
    /// 1.58e-4 from the float32 fixture: the fixture's own rounding, so 2e-4 here.
    /// </summary>
    private static bool IllConditioned(string file) =>
        file.EndsWith("mobilenet_v2__d224__224x224__features.14__c501.npy", StringComparison.Ordinal);

    private static double ToleranceFor(string file) => IllConditioned(file) ? 2e-4 : 1e-4;

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

        using var pass = model.Session.Run(batch, new RunOptions { GradientsFor = [first.Value], Precise = rows.Any(r => IllConditioned(r.File)) });
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
