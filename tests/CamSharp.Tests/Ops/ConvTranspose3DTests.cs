using CamSharp.Tensors;
using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

/// <summary>ConvTranspose on 5-D inputs: against a direct float64 scatter, the 2-D path at unit depth, and finite differences.</summary>
public class ConvTranspose3DTests
{
    private static CamSharp.Engine.Attributes Geometry() => Attrs(("strides", new long[] { 2, 1, 2 }), ("pads", new long[] { 1, 0, 0, 0, 1, 1 }),
        ("output_padding", new long[] { 1, 0, 1 }), ("dilations", new long[] { 1, 2, 1 }), ("group", 2));

    [Fact]
    public void ConvTranspose3D_StridePadDilationGroupOutputPadding_MatchesDirectScatter()
    {
        var x = Sine([2, 4, 3, 2, 3]);
        var w = Sine([4, 3, 2, 3, 2], 1.0);
        var b = Sine([6], 2.0);
        var y = Run("ConvTranspose", [x, w, b], Geometry());
        var expected = Scatter(x, w, b, group: 2, strides: [2, 1, 2], dilations: [1, 2, 1], begin: [1, 0, 0], output: [6, 5, 6]);
        Assert.Equal([2, 6, 6, 5, 6], y.Shape);
        OpTester.AssertClose(y.Floats, expected, 1e-5);
    }

    [Fact]
    public void ConvTranspose3D_UnitDepth_MatchesTwoD()
    {
        var x = Sine([1, 2, 3, 4]);
        var w = Sine([2, 3, 2, 3], 0.5);
        var y2 = Run("ConvTranspose", [x, w], Attrs(("strides", new long[] { 2, 1 }), ("pads", new long[] { 1, 0, 0, 1 })));
        var y3 = Run("ConvTranspose", [x.Clone([1, 2, 1, 3, 4]), w.Clone([2, 3, 1, 2, 3])],
            Attrs(("strides", new long[] { 1, 2, 1 }), ("pads", new long[] { 0, 1, 0, 0, 0, 1 })));
        Assert.Equal([1, 3, 1, .. y2.Shape[2..]], y3.Shape);
        OpTester.AssertClose(y3.Floats, y2.Floats, 1e-6);
    }

    [Fact]
    public void ConvTranspose3D_Gradient_XWeightAndBias() =>
        Gradient("ConvTranspose", [Sine([1, 4, 2, 2, 3]), Sine([4, 1, 2, 2, 3], 1.0), Sine([2], 2.0)], Geometry(), wrt: [0, 1, 2]);

    [Fact]
    public void ConvTranspose3D_WeightOfWrongRank_Throws() =>
        Fails("ConvTranspose", () => Run("ConvTranspose", [Seq(1, 2, 2, 2, 2), Seq(2, 1, 2, 2)]), "weight has 4 dims, expected 5");

    /// <summary>Each input sample adds w × x to the output positions it reaches, in float64.</summary>
    private static float[] Scatter(Tensor x, Tensor w, Tensor b, int group, int[] strides, int[] dilations, int[] begin, int[] output)
    {
        int batch = x.Shape[0], c = x.Shape[1], mg = w.Shape[1], m = mg * group, cg = c / group;
        var y = new double[batch * m * output[0] * output[1] * output[2]];
        var xv = x.Floats.ToArray();
        var wv = w.Floats.ToArray();
        int[] k = w.Shape[2..], size = x.Shape[2..];
        for (int n = 0; n < batch; n++)
            for (int ci = 0; ci < c; ci++)
                for (int id = 0; id < size[0]; id++)
                    for (int ih = 0; ih < size[1]; ih++)
                        for (int iw = 0; iw < size[2]; iw++)
                        {
                            double v = xv[(((n * c + ci) * size[0] + id) * size[1] + ih) * size[2] + iw];
                            for (int mo = 0; mo < mg; mo++)
                                for (int kd = 0; kd < k[0]; kd++)
                                    for (int kh = 0; kh < k[1]; kh++)
                                        for (int kw = 0; kw < k[2]; kw++)
                                        {
                                            int od = id * strides[0] - begin[0] + kd * dilations[0];
                                            int oh = ih * strides[1] - begin[1] + kh * dilations[1];
                                            int ow = iw * strides[2] - begin[2] + kw * dilations[2];
                                            if (od < 0 || od >= output[0] || oh < 0 || oh >= output[1] || ow < 0 || ow >= output[2]) continue;
                                            int mOut = ci / cg * mg + mo;
                                            y[(((n * m + mOut) * output[0] + od) * output[1] + oh) * output[2] + ow] +=
                                                v * wv[(((ci * mg + mo) * k[0] + kd) * k[1] + kh) * k[2] + kw];
                                        }
                        }
        int plane = output[0] * output[1] * output[2];
        for (int i = 0; i < y.Length; i++) y[i] += b.Floats[i / plane % m];
        return y.Select(v => (float)v).ToArray();
    }
}
