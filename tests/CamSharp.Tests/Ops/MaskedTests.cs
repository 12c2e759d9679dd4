using System.Numerics;
using CamSharp.Ops;
using Xunit;

namespace CamSharp.Tests.Ops;

/// <summary>Every length from 0 to past two vectors, so both the SIMD body and the scalar tail are checked.</summary>
public class MaskedTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (int n = 0; n <= 2 * Vector<float>.Count + 3; n++) data.Add(n);
        return data;
    }

    private static float[] Values(int n, int seed)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = rng.Next(4) == 0 ? 0f : (float)(rng.NextDouble() * 4 - 2);
        return v;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SelectPositive_EveryLength_MatchesScalar(int n)
    {
        float[] t = Values(n, 1), a = Values(n, 2), b = Values(n, 3), d = new float[n];
        Masked.SelectPositive(t, a, b, d);
        for (int i = 0; i < n; i++) Assert.Equal(t[i] > 0 ? a[i] : b[i], d[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void WherePositive_EveryLength_MatchesScalar(int n)
    {
        float[] t = Values(n, 4), g = Values(n, 5), d = new float[n];
        Masked.WherePositive(t, g, d);
        for (int i = 0; i < n; i++) Assert.Equal(t[i] > 0 ? g[i] : 0f, d[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void WhereBetween_EveryLength_OpenInterval(int n)
    {
        float[] t = Values(n, 6), g = Values(n, 7), d = new float[n];
        Masked.WhereBetween(t, -1f, 0f, g, 3f, d);
        for (int i = 0; i < n; i++) Assert.Equal(t[i] > -1f && t[i] < 0f ? g[i] * 3f : 0f, d[i]);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplySign_EveryLength_ZeroAtZero(int n)
    {
        float[] x = Values(n, 8), g = Values(n, 9), d = new float[n];
        Masked.MultiplySign(x, g, d);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] > 0 ? g[i] : x[i] < 0 ? -g[i] : 0f, d[i]);
    }

    [Fact]
    public void SelectPositive_OutputAliasesInput_Works()
    {
        float[] t = [1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6], b = new float[11];
        Masked.SelectPositive(t, t, b, b);
        Assert.Equal([1f, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6], b);
    }
}
