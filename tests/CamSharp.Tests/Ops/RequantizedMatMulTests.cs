using CamSharp.Engine;
using CamSharp.Ops;
using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.QuantizedTesting;

namespace CamSharp.Tests.Ops;

public class RequantizedMatMulTests
{
    private static readonly float[] BScale = [0.01f, 0.02f, 0.005f];

    private static RequantizedMatMul Create(string domain = RequantizedConv.Domain) =>
        new(new Node("/test/RequantizedMatMul", RequantizedMatMul.OpType, Enumerable.Range(0, 9).Select(i => $"x{i}").ToArray(), ["y0"],
            OutputType(UInt8), domain));

    /// <summary>(a − 120)·b in float64: a 2×4×5 uint8, b 5×3 int8.</summary>
    private static double[] Sums(Tensor a, Tensor b)
    {
        var av = Values(a);
        var bv = Values(b);
        var s = new double[2 * 4 * 3];
        for (int r = 0; r < 8; r++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 5; k++)
                    s[r * 3 + j] += (av[r * 5 + k] - 120) * bv[k * 3 + j];
        return s;
    }

    /// <summary>The float MatMul output, a, a_scale, a_zero_point, b (per-column scales), b_zero_point, y_scale 0.1, y_zero_point 128.</summary>
    private static Tensor?[] Inputs()
    {
        var rng = new Random(4);
        var a = RandomIntegers(rng, 0, 255, 2, 4, 5);
        var b = RandomIntegers(rng, -127, 127, 5, 3);
        var sums = Sums(a, b);
        var product = Floats(sums.Select((s, i) => (float)(s * 0.05 * BScale[i % 3])).ToArray(), 2, 4, 3);
        return [product, a, Floats([0.05f]), Longs([120]), b, Floats(BScale, 3), Longs([0, 0, 0], 3), Floats([0.1f]), Longs([128])];
    }

    [Fact]
    public void Forward_PerColumnScales_RequantizesExactSumsInFloat32()
    {
        var inputs = Inputs();
        var y = OpTester.Run(Create(), inputs)[0];
        var expected = Sums(inputs[1]!, inputs[4]!).Select((s, i) =>
        {
            float v = (float)s * (0.05f * BScale[i % 3] / 0.1f);
            return (long)Math.Clamp(Math.Round((double)v, MidpointRounding.ToEven) + 128, 0, 255);
        });
        Assert.Equal(expected.ToArray(), y.Longs.ToArray());
        Assert.Equal([2, 4, 3], y.Shape);
    }

    [Fact]
    public void Forward_FloatInputNotTheProduct_QuantizesTheFloatInput()
    {
        var inputs = Inputs();
        inputs[0] = Tensor.Zeros(DataType.Float32, [2, 4, 3]);
        var y = OpTester.Run(Create(), inputs)[0];
        Assert.All(y.Longs.ToArray(), v => Assert.Equal(128L, v));
    }

    [Fact]
    public void Backward_StraightThrough_MatchesFiniteDifferencesOfQuantizeLinearFloatPath()
    {
        CheckStraightThrough(Create(), Inputs(), 0, v => v.Select(c => c / 0.1f + 128.0).ToArray(), eps: 1e-2, tol: 1e-4);
    }

    [Fact]
    public void Constructor_DefaultDomain_ThrowsNamingTheNode()
    {
        var e = Assert.Throws<ModelException>(() => Create(domain: ""));
        Assert.Contains("/test/RequantizedMatMul", e.Message);
    }
}
