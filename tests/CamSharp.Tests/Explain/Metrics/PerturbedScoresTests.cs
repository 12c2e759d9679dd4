using CamSharp.Explain.Metrics;
using CamSharp.Explain.Targets;
using CamSharp.Tests.Models;
using Xunit;

namespace CamSharp.Tests.Explain.Metrics;

public sealed class PerturbedScoresTests
{
    [Fact]
    public void RowsPerPass_BudgetBelowTheBatch_CapsRows()
    {
        var (input, perRow) = DigitInput(budgetRows: 3);
        int rows = PerturbedScores.RowsPerPass(input, 100);
        Assert.InRange(rows, 1, 3);
        Assert.True(rows * perRow <= input.Model.Limits.MemoryBytes, $"{rows} rows of {perRow} bytes");
    }

    [Fact]
    public void RowsPerPass_BudgetHoldsTheBatch_KeepsIt()
    {
        var (input, _) = DigitInput(budgetRows: 1000);
        Assert.Equal(32, PerturbedScores.RowsPerPass(input, 100));
    }

    [Fact]
    public void Run_UnderATightBudget_EqualsTheUnboundedRun()
    {
        var (tight, _) = DigitInput(budgetRows: 3);
        var (loose, _) = DigitInput(budgetRows: 1000);
        void Fill(int k, Span<float> image)
        {
            var source = loose.Image(0);
            for (int i = 0; i < image.Length; i++) image[i] = source[i] * (((i + k) % 7) / 6f);
        }
        var expected = PerturbedScores.Run(loose, 20, _ => 0, Fill);
        var actual = PerturbedScores.Run(tight, 20, _ => 0, Fill);
        Assertions.AssertRelative(expected, actual, 1e-5, "scores under a budget of 3 rows against 32 rows");
    }

    /// <summary>digitcnn's input with a batch size of 32 under a budget of <paramref name="budgetRows"/> rows.</summary>
    private static (MetricInput Input, long PerRow) DigitInput(int budgetRows)
    {
        var model = TestModels.Fixture("digitcnn");
        var tensor = Fixtures.Npy("outputs/tensors/digitcnn__d96_a__96x96.npy");
        var single = model.Session.GetPlan(1, tensor.Shape[1], tensor.Shape[2], tensor.Shape[3]);
        long perRow = single.PeakBytes + single.LargestTensorBytes + 8L * tensor.Shape[1] * tensor.Shape[2] * tensor.Shape[3];
        var limited = model.WithLimits(new ResourceLimits { MemoryBytes = perRow * budgetRows + perRow / 2 });
        return (new MetricInput(limited, tensor, [new float[tensor.Shape[2] * tensor.Shape[3]]], [new ClassTarget(3)], batchSize: 32), perRow);
    }
}
