using CamSharp.Engine;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class ConvIntegerTests
{
    private static readonly Tensor SpecX = Longs([2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 1, 3, 3);
    private static readonly Tensor SpecW = Longs([1, 1, 1, 1], 1, 1, 2, 2);

    [Fact]
    public void Forward_SpecExample_SubtractsInputZeroPoint()
    {
        var y = OpTester.Run("ConvInteger", [SpecX, SpecW, Longs([1])])[0];
        Assert.Equal(DataType.Int64, y.Type);
        Assert.Equal(new long[] { 12, 16, 24, 28 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_SpecExampleWithPads_PadsWithTheZeroPoint()
    {
        var attrs = new Attributes().Set("pads", new long[] { 1, 1, 1, 1 });
        var y = OpTester.Run("ConvInteger", [SpecX, SpecW, Longs([1])], attrs)[0];
        Assert.Equal(new long[] { 1, 3, 5, 3, 5, 12, 16, 9, 11, 24, 28, 15, 7, 15, 17, 9 }, y.Longs.ToArray());
    }

    [Fact]
    public void Forward_PerChannelWeightZeroPoints_MatchesDirectConvolution()
    {
        var rng = new Random(2);
        var x = RandomIntegers(rng, 0, 255, 2, 3, 6, 5);
        var w = RandomIntegers(rng, 0, 255, 4, 3, 3, 3);
        long[] wzp = [120, 128, 130, 7];
        var attrs = new Attributes().Set("pads", new long[] { 1, 1, 1, 1 }).Set("strides", new long[] { 2, 2 });
        var y = OpTester.Run("ConvInteger", [x, w, Longs([100]), Longs(wzp, 4)], attrs)[0];
        var expected = Conv2D(Values(x).Select(v => v - 100).ToArray(), x.Shape, Centred(w, wzp), w.Shape, 1, 2, out var shape);
        Assert.Equal(shape, y.Shape);
        Assert.Equal(expected.Select(v => (long)v).ToArray(), y.Longs.ToArray());
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfFloatConvolution()
    {
        var rng = new Random(3);
        var x = RandomIntegers(rng, 0, 255, 1, 2, 5, 4);
        var w = RandomIntegers(rng, 0, 255, 3, 2, 3, 3);
        long[] wzp = [128, 100, 140];
        var attrs = new Attributes().Set("pads", new long[] { 1, 1, 1, 1 });
        var op = OpTester.Create("ConvInteger", 4, attrs: attrs);
        var wc = Centred(w, wzp);
        CheckStraightThrough(op, [x, w, Longs([7]), Longs(wzp, 3)], 0,
            v => Conv2D(v.Select(a => a - 7).ToArray(), x.Shape, wc, w.Shape, 1, 1, out _), eps: 0.5, tol: 1e-5);
    }

    private static double[] Centred(Tensor w, long[] perChannel)
    {
        int per = w.Length / perChannel.Length;
        return Values(w).Select((v, i) => v - perChannel[i / per]).ToArray();
    }
}
