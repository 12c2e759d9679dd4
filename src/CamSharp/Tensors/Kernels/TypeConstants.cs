namespace CamSharp.Tensors.Kernels;

/// <summary>
/// A small integer as a type argument: a kernel generic over it is compiled once per value,
/// with every register it needs and the branches of the others removed (row and column counts
/// of the GEMM's edge tiles).
/// </summary>
internal interface IConstant
{
    static abstract int Value { get; }
}

internal struct N0 : IConstant { public static int Value => 0; }

internal struct N1 : IConstant { public static int Value => 1; }

internal struct N2 : IConstant { public static int Value => 2; }

internal struct N3 : IConstant { public static int Value => 3; }

internal struct N4 : IConstant { public static int Value => 4; }

internal struct N5 : IConstant { public static int Value => 5; }

internal struct N6 : IConstant { public static int Value => 6; }

internal struct N7 : IConstant { public static int Value => 7; }
