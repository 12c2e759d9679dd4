using CamSharp.Imaging.Png;
using Xunit;

namespace CamSharp.Tests.Imaging.Png;

public sealed class PngFilterVectorsTests
{
    public static TheoryData<byte, int> TypesAndLengths()
    {
        var d = new TheoryData<byte, int>();
        for (byte type = 0; type <= 4; type++)
            foreach (int length in new[] { 3, 18, 19, 48, 100, 3 * 1546 })
                d.Add(type, length);
        return d;
    }

    [Theory]
    [MemberData(nameof(TypesAndLengths))]
    public void Filter_RandomRows_EqualsScalarTwinBytesAndScore(byte type, int length)
    {
        Assert.True(PngFilterVectors.IsSupported, "the vector path is what this test checks");
        var random = new Random(length * 7 + type);
        var row = new byte[length];
        var prior = new byte[length];
        random.NextBytes(row);
        random.NextBytes(prior);
        var vector = new byte[length];
        var scalar = new byte[length];

        long vectorScore = PngFilterVectors.Filter(type, row, prior, 3, vector);
        long scalarScore = PngFilters.FilterScalar(type, row, prior, 3, scalar);

        Assert.Equal(scalar, vector);
        Assert.Equal(scalarScore, vectorScore);
    }

    [Fact]
    public void Filter_ExtremeBytes_ScoresMinus128As128()
    {
        // Paeth and Average on 0/255 edges, and outputs of exactly 0x80, where a signed magnitude overflows.
        var row = Enumerable.Range(0, 64).Select(i => (byte)(i % 2 == 0 ? 0x80 : 0xFF)).ToArray();
        var prior = Enumerable.Range(0, 64).Select(i => (byte)(i % 3 == 0 ? 0 : 0xFF)).ToArray();
        for (byte type = 0; type <= 4; type++)
        {
            var vector = new byte[64];
            var scalar = new byte[64];
            Assert.Equal(PngFilters.FilterScalar(type, row, prior, 3, scalar), PngFilterVectors.Filter(type, row, prior, 3, vector));
            Assert.Equal(scalar, vector);
        }
        Assert.Equal(64 * 128, PngFilterVectors.Filter(PngFilters.None, Enumerable.Repeat((byte)0x80, 64).ToArray(), new byte[64], 3, new byte[64]));
    }

    [Fact]
    public void FilterScalar_EachType_InvertedByUnfilter()
    {
        var random = new Random(5);
        var row = new byte[301];
        var prior = new byte[301];
        random.NextBytes(row);
        random.NextBytes(prior);
        for (byte type = 0; type <= 4; type++)
        {
            var filtered = new byte[row.Length];
            PngFilters.FilterScalar(type, row, prior, 3, filtered);
            Assert.True(PngFilters.Unfilter(type, filtered, prior, 3));
            Assert.Equal(row, filtered);
        }
    }
}
