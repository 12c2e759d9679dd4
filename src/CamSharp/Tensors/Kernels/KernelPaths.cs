using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Which code paths the kernels take in this process. The JIT fixes them at start-up from the
/// CPU and the <c>DOTNET_Enable*</c> switches, so a child process started with wide vectors
/// disabled can prove that it really ran the fallback.
/// </summary>
internal static class KernelPaths
{
    /// <summary>The GEMM micro-kernel (also used by every convolution but depthwise).</summary>
    public static SgemmKernel Gemm => Sgemm.Selected;

    /// <summary>Widest vector the im2col copies, GEMM edge tiles and TensorPrimitives run in hardware: 512, 256, 128 or 0 bits.</summary>
    public static int VectorBits =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    /// <summary>Whether im2col (strides 1 and 2) and the stride-2 depthwise layout use AVX-512 masked and permuted copies.</summary>
    public static bool Im2ColAvx512 => Avx512F.IsSupported;

    /// <summary>One line for logs: <c>gemm=Avx512 vector-bits=512 im2col=avx512</c>.</summary>
    public static string Describe() =>
        $"gemm={Gemm} vector-bits={VectorBits} im2col={(Im2ColAvx512 ? "avx512" : "portable")}";
}
