using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using CamSharp.Tensors.Kernels;
using Xunit;

namespace CamSharp.Tests.Tensors.Kernels;

public sealed unsafe class Transpose16Tests
{
    [Fact]
    public void InPlace_DistinctValues_SwapsRowsAndColumns()
    {
        if (!Avx512F.IsSupported) return;
        var m = stackalloc Vector512<float>[16];
        float* f = (float*)m;
        for (int i = 0; i < 256; i++) f[i] = i;
        Transpose16.InPlace(m);
        for (int r = 0; r < 16; r++)
            for (int c = 0; c < 16; c++)
                Assert.Equal(c * 16 + r, f[r * 16 + c]);
    }
}
