using System.Text.Json;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>
/// Every fixture case of an implemented method equals pytorch-grad-cam's map within 1e-3
/// (Eigen-based maps up to the SVD's sign: either the map or its sign-flipped twin).
/// </summary>
public sealed class CamParityTests
{
    /// <summary>The fixtures' method names and ours.</summary>
    internal static readonly Dictionary<string, string> MethodNames = new()
    {
        ["GradCAM"] = "gradcam",
        ["HiResCAM"] = "hirescam",
        ["GradCAMElementWise"] = "gradcamelementwise",
        ["GradCAMPlusPlus"] = "gradcam++",
        ["XGradCAM"] = "xgradcam",
        ["LayerCAM"] = "layercam",
        ["EigenCAM"] = "eigencam",
        ["EigenGradCAM"] = "eigengradcam",
        ["ScoreCAM"] = "scorecam",
        ["AblationCAM"] = "ablationcam",
        ["FullGrad"] = "fullgrad",
    };

    // The tinyvit AblationCAM case ablates channel c over every token (AblationLayerVit); its
    // reference's per-row drift of the ablation value moves the map by 1.2e-6 (fixtures/README.md),
    // so it is an ordinary case: we ablate with one value for every channel.
    private static IEnumerable<JsonElement> Cases() =>
        TestModels.OutputsIndex.GetProperty("cases").EnumerateArray()
            .Where(c => MethodNames.ContainsKey(c.GetProperty("method").GetString()!));

    public static TheoryData<string> CaseIds() => [.. Cases().Select(c => c.GetProperty("id").GetString()!)];

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Run_FixtureCase_MatchesPytorchGradCam(string id)
    {
        var c = Cases().First(x => x.GetProperty("id").GetString() == id);
        var run = TestModels.OutputsIndex.GetProperty("runs").GetProperty(c.GetProperty("run").GetString()!);
        var model = TestModels.Fixture(c.GetProperty("model").GetString()!);
        var input = Fixtures.Npy(run.GetProperty("input_tensor").GetString()!);
        var layerSpec = c.GetProperty("target_layers");
        string[] layers = layerSpec.ValueKind == JsonValueKind.Array
            ? layerSpec.EnumerateArray().Select(l => l.GetProperty("onnx_output").GetString()!).ToArray()
            : []; // FullGrad: "ignored"
        var method = CamMethods.Create(MethodNames[c.GetProperty("method").GetString()!]);
        var options = new CamOptions
        {
            EigenSmooth = c.GetProperty("eigen_smooth").GetBoolean(),
            AugSmooth = c.GetProperty("aug_smooth").GetBoolean(),
            FixSign = false,
            Precise = IllConditioned(id),
        };
        ActivationReshape? reshape = c.GetProperty("reshape_transform").ValueKind == JsonValueKind.Object
            ? new TokenGridReshape(c.GetProperty("reshape_transform").GetProperty("num_extra_tokens").GetInt32())
            : null;

        var target = FixtureTargets.Of(c.GetProperty("target"));
        var result = CamRunner.Run(model, input, layers, method, target is null ? null : [target], options, reshape);
        var ours = result.Maps[0];
        var reference = Fixtures.Npy(c.GetProperty("cam").GetString()!).Floats.ToArray();
        double diff = Assertions.MaxAbsDiff(ours, reference);
        if (c.TryGetProperty("signflip", out var flip))
            diff = Math.Min(diff, Assertions.MaxAbsDiff(ours, Fixtures.Npy(flip.GetString()!).Floats.ToArray()));
        Assert.True(diff <= ToleranceFor(id), $"{id}: max |diff| {diff:G4}");
    }

    /// <summary>
    /// Cases whose reference sits on ReLU6 kinks that float32 cannot resolve (MobileNetV2's
    /// features.14 gradient, see FixtureGradientTests.IllConditioned; FullGrad sums |b·G| over
    /// all 52 convolutions, including those below features.14). In float32 they land at
    /// 2.5e-3 and 3.6e-3, as PyTorch's own float32 does on this machine; with float64
    /// accumulation (RunOptions.Precise) the Grad-CAM cases land at 2.6e-5. FullGrad still
    /// lands at 2.6e-3: its per-convolution terms reach down to the first layers, where the
    /// float32 reference's own kink decisions differ from exact arithmetic's (as its
    /// features.14 gradient does, by 1.6e-4): exact float64 arithmetic lands at 2.63e-3 too
    /// (tools/precision/mobilenet_fullgrad_check.py); 3e-3 for that one case.
    /// </summary>
    private static bool IllConditioned(string id) =>
        id.StartsWith("mobilenet_v2__d224__224x224__features.14__Grad", StringComparison.Ordinal)
        || id.StartsWith("mobilenet_v2__d224__224x224__features__FullGrad", StringComparison.Ordinal);

    private static double ToleranceFor(string id) =>
        id.StartsWith("mobilenet_v2__d224__224x224__features__FullGrad", StringComparison.Ordinal) ? 3e-3 : 1e-3;

    [Fact]
    public void Create_UnknownMethod_ListsValidNames()
    {
        var e = Assert.Throws<InputException>(() => CamMethods.Create("gradcam+++"));
        Assert.Contains("gradcam++", e.Message);
        Assert.Contains("eigencam", e.Message);
    }
}
