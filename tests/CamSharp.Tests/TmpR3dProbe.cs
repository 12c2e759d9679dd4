using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using Xunit.Abstractions;

namespace CamSharp.Tests;

public sealed class TmpR3dProbe(ITestOutputHelper log)
{
    [Fact]
    public void Probe()
    {
        var model = Model.Load("/tmp/quant/r3d/r3d_18.onnx");
        var x = Npy.ReadFile("/tmp/quant/r3d/input.npy").ToTensor();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var layer = model.ResolveLayer("layer4");
        using var pass = model.Session.Run(x, new RunOptions { Taps = layer });
        log.WriteLine($"forward {sw.ElapsedMilliseconds} ms, layer4 = {string.Join(",", layer)}");
        foreach (var (ours, refFile) in new[] { (pass.Outputs[0], "logits"), (pass.Value(layer[0]), "layer4") })
        {
            var r = Npy.ReadFile($"/tmp/quant/r3d/{refFile}.npy").ToTensor();
            double md = 0, mr = 0;
            for (int i = 0; i < r.Length; i++) { md = Math.Max(md, Math.Abs(r.Floats[i] - ours.Floats[i])); mr = Math.Max(mr, Math.Abs(r.Floats[i])); }
            log.WriteLine($"{refFile}: shape [{string.Join(",", ours.Shape)}] max|diff| {md:G3} max|ref| {mr:G3} relative {md / mr:G3}");
        }
    }
}
