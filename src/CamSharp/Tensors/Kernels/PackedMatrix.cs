namespace CamSharp.Tensors.Kernels;

/// <summary>
/// The left operand of a GEMM already cut into the micro-kernel's panels, for an operand
/// used many times (a convolution's weights): packing it once saves re-reading M·K values on
/// every call, which matters when N is small (late ResNet stages have N = 7·7).
/// Create with <see cref="Sgemm.PackA(bool, int, int, ReadOnlySpan{float}, int)"/>.
/// </summary>
internal sealed class PackedMatrix
{
    internal PackedMatrix(SgemmKernel kernel, int rows, int depth, int rowsPadded, float[] data)
    {
        Kernel = kernel;
        Rows = rows;
        Depth = depth;
        RowsPadded = rowsPadded;
        Data = data;
    }

    /// <summary>M: rows of op(A).</summary>
    public int Rows { get; }

    /// <summary>K: columns of op(A).</summary>
    public int Depth { get; }

    internal SgemmKernel Kernel { get; }

    internal int RowsPadded { get; }

    /// <summary>Pinned storage; panels start at <see cref="SgemmScratch.Aligned"/>.</summary>
    internal float[] Data { get; }
}
