using Xunit;
using static CamSharp.Tests.Ops.ShapeOpTest;
using static CamSharp.Tests.Ops.SineTensors;

namespace CamSharp.Tests.Ops;

public class MaxRoiPoolTests
{
    [Fact]
    public void MaxRoiPool_WholeImage_MaxOfEachQuarter()
    {
        // Region (0, 0)–(3, 3) of a 4×4 ramp in 2×2 bins: each bin's bottom-right element.
        var y = Run("MaxRoiPool", [Seq(1, 1, 4, 4), Floats([0, 0, 0, 3, 3], 1, 5)], Attrs(("pooled_shape", new long[] { 2, 2 })));
        Equal(y, [5, 7, 13, 15], 1, 1, 2, 2);
    }

    [Fact]
    public void MaxRoiPool_SpatialScale_RoundsScaledCorners()
    {
        // (2, 2)–(6, 6) at scale 0.5 is pixels 1..3: one bin, maximum at (3, 3).
        var y = Run("MaxRoiPool", [Seq(2, 1, 4, 4), Floats([1, 2, 2, 6, 6], 1, 5)], Attrs(("pooled_shape", new long[] { 1, 1 }), ("spatial_scale", 0.5f)));
        Equal(y, [16 + 15], 1, 1, 1, 1);
    }

    [Fact]
    public void MaxRoiPool_BatchIndexOutOfRange_Throws() =>
        Fails("MaxRoiPool", () => Run("MaxRoiPool", [Seq(1, 1, 2, 2), Floats([3, 0, 0, 1, 1], 1, 5)], Attrs(("pooled_shape", new long[] { 1, 1 }))), "batch index 3");

    [Fact]
    public void MaxRoiPool_Gradient_GoesToEachMaximum() =>
        Gradient("MaxRoiPool", [Sine([1, 2, 5, 5]), Floats([0, 0, 0, 4, 3, 0, 1, 1, 4, 4], 2, 5)], Attrs(("pooled_shape", new long[] { 2, 2 })));
}
