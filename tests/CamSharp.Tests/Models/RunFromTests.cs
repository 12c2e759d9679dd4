using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Models;

/// <summary>Partial re-execution on real graphs equals re-running with the value substituted.</summary>
public sealed class RunFromTests
{
    /// <summary>Copies of an activation, each with one channel ablated (zeroed) and a scaled tail.</summary>
    private static Tensor AlteredCopies(Tensor value, int copies)
    {
        int c = value.Shape[1], plane = value.Length / c;
        var batch = TensorRows.Tile(value, copies);
        var f = batch.Floats;
        for (int k = 0; k < copies; k++)
        {
            int channel = (k * 7) % c;
            f.Slice(k * value.Length + channel * plane, plane).Clear();
            f[k * value.Length + value.Length - 1] *= 1 + 0.1f * k;
        }
        return batch;
    }

    [Theory]
    [InlineData("resnet18", "layer4", 64)]
    [InlineData("yolov8n_dequant_fp32", "model.15", 16)]
    public void RunFrom_BatchOfAlteredCopies_EqualsOneRunPerCopy(string stem, string layer, int copies)
    {
        var model = stem == "resnet18" ? TestModels.Fixture(stem) : TestModels.Asset(stem);
        Tensor input = stem == "resnet18"
            ? Fixtures.Npy("outputs/tensors/resnet18__d224__224x224.npy")
            : Fixtures.Npy("real/cases/yolov8n_dequant_fp32__bus.jpg/input.npy.gz");
        string value = model.ResolveLayer(layer)[^1];
        using var pass = model.Session.Run(input, new RunOptions { Taps = [value], RerunFrom = [value] });

        // Unchanged value: the outputs come back unchanged.
        var same = pass.RunFrom(value, pass.Value(value).Clone());
        Assertions.AssertRelative(same[0].Floats, pass.Outputs[0].Floats, 1e-6, "identity re-run");

        var batch = AlteredCopies(pass.Value(value), copies);
        var together = pass.RunFrom(value, batch)[0];
        Assert.Equal(copies, together.Shape[0]);
        int per = together.Length / copies;
        for (int k = 0; k < copies; k++)
        {
            using var row = TensorRows.Row(batch, k);
            var alone = pass.RunFrom(value, row)[0];
            Assertions.AssertRelative(together.Floats.Slice(k * per, per), alone.Floats, 1e-5, $"copy {k}");
            alone.Dispose();
        }
    }

    [Fact]
    public void RunFrom_Resnet18Layer4_EqualsFullRunOfSubstitutedValue()
    {
        // A full run whose layer4 output is replaced: checked against the batch-1 forward of the
        // same input, since substituting the value it already has must change nothing downstream,
        // and against the head computed from the fixture activation.
        var model = TestModels.Fixture("resnet18");
        var input = Fixtures.Npy("outputs/tensors/resnet18__d224__224x224.npy");
        string value = model.ResolveLayer("layer4")[^1];
        using var pass = model.Session.Run(input, new RunOptions { RerunFrom = [value] });
        var act = Fixtures.Npy("outputs/acts/resnet18__d224__224x224__layer4.npy");
        var outs = pass.RunFrom(value, act);
        Assertions.AssertRelative(outs[0].Floats, Fixtures.Npy("outputs/logits/resnet18__d224__224x224.npy").Floats, 1e-4, "logits from fixture layer4");
    }

    [Fact]
    public void RunFrom_TwoValuesOfTinyVit_ReplacesBoth()
    {
        // blocks.0's output feeds blocks.1's first norm and its residual Add; replacing the norm's
        // output alone leaves the residual with the cached value, replacing both changes both.
        var model = TestModels.Fixture("tinyvit");
        var input = Fixtures.Npy("outputs/tensors/tinyvit__d64_a__64x64.npy");
        string x = "/blocks/blocks.0/Add_1_output_0", norm = "/blocks/blocks.1/norm1/LayerNormalization_output_0";
        using var pass = model.Session.Run(input, new RunOptions { Taps = [x, norm], RerunFrom = [x, norm] });

        using var xs = TensorRows.Tile(pass.Value(x), 3);
        using var norms = TensorRows.Tile(pass.Value(norm), 3);
        var same = pass.RunFrom([(x, xs), (norm, norms)]);
        for (int k = 0; k < 3; k++)
            Assertions.AssertRelative(same[0].Floats.Slice(k * 10, 10), pass.Outputs[0].Floats, 1e-5, $"identity row {k}");

        using var scaled = TensorRows.Tile(pass.Value(x), 3);
        System.Numerics.Tensors.TensorPrimitives.Multiply(scaled.Floats, 0.5f, scaled.Floats);
        var normOnly = pass.RunFrom(norm, norms)[0];
        var both = pass.RunFrom([(x, scaled), (norm, norms)])[0];
        Assertions.AssertRelative(normOnly.Floats.Slice(0, 10), pass.Outputs[0].Floats, 1e-5, "norm alone, unchanged");
        Assert.True(Assertions.MaxAbsDiff(both.Floats.Slice(0, 10), pass.Outputs[0].Floats) > 1e-3);
        foreach (var t in same) t.Dispose();
        normOnly.Dispose();
        both.Dispose();
    }
}
