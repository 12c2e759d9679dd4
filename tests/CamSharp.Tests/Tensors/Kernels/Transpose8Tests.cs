using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Transpose8Tests
{
    [Fact]
    public void InPlace_DistinctValues_SwapsRowsAndColumns()
    {
        if (!Avx.IsSupported) return;
        var m = stackalloc Vector256<float>[8];
        float* f = (float*)m;
        for (int i = 0; i < 64; i++) f[i] = i;
        Transpose8.InPlace(m);
        for (int r = 0; r < 8; r++)
            for (int c = 0; c < 8; c++)
                Assert.Equal(c * 8 + r, f[r * 8 + c]);
    }
}
