using CamSharp.Explain;
using CamSharp.Explain.Methods;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Explain.References;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Methods;

public sealed class FullGradTests
{
    /// <summary>
    /// Issue 18, rerun: FullGrad resized every channel's map to the input size on its own, so
    /// it made a map of the input's size per channel (6.2 GB RSS at --max-memory 1G on a
    /// 1200×900 image through ResNet-18). Scaled channels are now summed at their layer's size
    /// and resized once per layer: the garbage is per layer, not per channel.
    /// </summary>
    [Fact]
    public void Run_Digitcnn_AllocatesAboutOneInputMapPerLayerNotPerChannel()
    {
        var model = TestModels.Fixture("digitcnn");
        var input = MethodReferences.RunInput("digitcnn__d96_a__96x96");
        var method = new FullGrad();
        CamRunner.Run(model, input, [], method, [new ClassTarget(3)]); // plans and JIT first
        long before = GC.GetAllocatedBytesForCurrentThread();
        CamRunner.Run(model, input, [], method, [new ClassTarget(3)]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        int channels = model.Graph.Nodes.Where(n => n.OpType == "Conv").Sum(n => model.Session.GetPlan(1, 3, 96, 96).TryShapeOf(n.Outputs[0])?[1] ?? 0);
        long inputMap = 96 * 96 * sizeof(float);
        Assert.True(allocated < channels * inputMap / 2, $"{allocated} bytes allocated on the calling thread for {channels} channels; one input-size map per channel is {channels * inputMap}");
    }
}
