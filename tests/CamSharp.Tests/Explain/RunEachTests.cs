using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain;

/// <summary>Several target lists from one forward pass give what one run per list gives.</summary>
public sealed class RunEachTests
{
    [Theory]
    [InlineData("gradcam")]
    [InlineData("hirescam")]
    [InlineData("shapleycam")] // keeps H·A per context
    [InlineData("ablationcam")] // re-runs downstream of the shared pass
    [InlineData("eigencam")]
    public void RunEach_TwoClasses_EqualsSeparateRuns(string name)
    {
        var model = TestModels.Fixture("digitcnn");
        var input = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        string layer = model.ResolveLayer("block4")[^1];
        IReadOnlyList<OutputTarget>[] lists = [[new ClassTarget(3)], [new ClassTarget(7)]];

        var shared = CamRunner.RunEach(model, input, [layer], CamMethods.Create(name), lists);

        Assert.Equal(2, shared.Count);
        for (int i = 0; i < lists.Length; i++)
        {
            var alone = CamRunner.Run(model, input, [layer], CamMethods.Create(name), lists[i]);
            Assert.Equal(alone.Maps[0], shared[i].Maps[0]);
            Assert.Equal(alone.Scores[0], shared[i].Scores[0]);
        }
        if (name != "eigencam") Assert.NotEqual(shared[0].Maps[0], shared[1].Maps[0]);
    }
}
