using CamSharp.Onnx;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx;

/// <summary>
/// A dynamo-form export (scopes in metadata_props, scope-free names, weights in .onnx.data)
/// of the resnet18 fixture gives the same module tree and values as the legacy export.
/// </summary>
public sealed class DynamoExportTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "camsharp-dynamo-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Resolve_ModulePaths_GiveTheLegacyExportsValues(bool namespaceOnly)
    {
        string legacyPath = Fixtures.File("models/resnet18.onnx");
        var (path, renamed) = DynamoForm.Write(legacyPath, _folder, namespaceOnly);
        var legacy = OnnxModel.Load(legacyPath).Modules;
        var dynamo = OnnxModel.Load(path).Modules;
        Assert.DoesNotContain(dynamo.Nodes, n => n.Name.Contains('/'));
        Assert.Equal(legacy.All.Select(m => m.Path), dynamo.All.Select(m => m.Path));
        foreach (var layer in new[] { "layer4", "layer4.1", "layer4.1.relu", "layer4.1.relu_1", "layer1.0.downsample", "conv1", "avgpool" })
        {
            if (legacy.Find(layer) is null) continue; // modules with no nodes of their own in this export
            var expected = legacy.Resolve(layer).Select(v => renamed.GetValueOrDefault(v, v));
            Assert.Equal(expected, dynamo.Resolve(layer));
        }
        Assert.Single(legacy.Resolve("layer4.1.relu"));
    }

    [Fact]
    public void Run_ExternalWeights_GivesTheLegacyExportsOutputAndLayerValues()
    {
        string legacyPath = Fixtures.File("models/resnet18.onnx");
        var (path, _) = DynamoForm.Write(legacyPath, _folder);
        Assert.True(new FileInfo(path).Length < 100_000, "weights should live in the .onnx.data file");
        var legacy = Model.Load(legacyPath);
        var dynamo = Model.Load(path);
        var x = OpTesterInput(new Random(1));
        using var a = legacy.Session.Run(x, new CamSharp.Engine.RunOptions { Taps = legacy.ResolveLayer("layer4") });
        using var b = dynamo.Session.Run(x, new CamSharp.Engine.RunOptions { Taps = dynamo.ResolveLayer("layer4") });
        Assert.Equal(a.Outputs[0].Floats.ToArray(), b.Outputs[0].Floats.ToArray());
        Assert.Equal(a.Value(legacy.ResolveLayer("layer4")[0]).Floats.ToArray(), b.Value(dynamo.ResolveLayer("layer4")[0]).Floats.ToArray());
    }

    private static Tensor OpTesterInput(Random rng) => CamSharp.Tests.Ops.OpTester.RandomTensor(rng, 1, 3, 64, 64);
}
