using System.Numerics.Tensors;

namespace CamSharp.Tensors.Kernels;

/// <summary>Which elementwise function a kernel applies to its output before storing it.</summary>
internal enum ActivationKind
{
    /// <summary>The output as computed.</summary>
    None,

    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>min(max(x, lo), hi) (ReLU6 when 0 and 6).</summary>
    Clip,

    /// <summary>x · sigmoid(x) (SiLU / Swish).</summary>
    Silu,
}

/// <summary>
/// An activation fused into the kernel that produces its input (a convolution's GEMM
/// epilogue), so the pre-activation tensor is never stored. Computes what the unfused Relu,
/// Clip, and Sigmoid + Mul operators compute (SiLU to a rounding: x·σ(x) in one step).
/// </summary>
internal readonly record struct Activation(ActivationKind Kind, float Lo = 0, float Hi = 0)
{
    public static Activation None => default;

    public static Activation Relu => new(ActivationKind.Relu);

    public static Activation Silu => new(ActivationKind.Silu);

    public static Activation Clip(float lo, float hi) => new(ActivationKind.Clip, lo, hi);

    public bool IsNone => Kind == ActivationKind.None;

    /// <summary>x ← f(x) in place.</summary>
    public void Apply(Span<float> x)
    {
        switch (Kind)
        {
            case ActivationKind.Relu:
                TensorPrimitives.Max(x, 0f, x);
                break;
            case ActivationKind.Clip:
                // Max then Min, as the Clip operator does (lo > hi gives hi everywhere).
                TensorPrimitives.Max(x, Lo, x);
                TensorPrimitives.Min(x, Hi, x);
                break;
            case ActivationKind.Silu:
                Logistic.Silu(x, x);
                break;
        }
    }

    /// <summary>Applies the function to <paramref name="rows"/> rows of <paramref name="cols"/> values, <paramref name="ld"/> apart.</summary>
    internal unsafe void Apply(float* c, nint ld, int rows, int cols)
    {
        for (int r = 0; r < rows; r++) Apply(new Span<float>(c + r * ld, cols));
    }

    public override string ToString() => Kind switch
    {
        ActivationKind.Clip => $"Clip({Lo}, {Hi})",
        _ => Kind.ToString(),
    };
}
