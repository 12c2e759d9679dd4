using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>The <c>reduction</c> attribute of ScatterND and ScatterElements: how an update meets the value it lands on.</summary>
internal enum ScatterReduction
{
    None,
    Add,
    Mul,
    Max,
    Min,
}

internal static class ScatterReductions
{
    public static ScatterReduction Read(Node node)
    {
        string r = node.Attributes.GetString("reduction", "none");
        return r switch
        {
            "none" => ScatterReduction.None,
            "add" => ScatterReduction.Add,
            "mul" => ScatterReduction.Mul,
            "max" => ScatterReduction.Max,
            "min" => ScatterReduction.Min,
            _ => throw new ModelException($"{node}: reduction '{r}' is not none, add, mul, max or min."),
        };
    }

    /// <summary>dst[at] = reduce(dst[at], src[from]) for any element type.</summary>
    public static void Apply(ScatterReduction r, Tensor src, int from, Tensor dst, int at)
    {
        switch (dst.Type)
        {
            case DataType.Float32: dst.Floats[at] = Reduce(r, dst.Floats[at], src.Floats[from]); break;
            case DataType.Int64: dst.Longs[at] = Reduce(r, dst.Longs[at], src.Longs[from]); break;
            default:
                bool a = dst.Bools[at], b = src.Bools[from];
                dst.Bools[at] = r switch { ScatterReduction.Add or ScatterReduction.Max => a | b, ScatterReduction.Mul or ScatterReduction.Min => a & b, _ => b };
                break;
        }
    }

    private static T Reduce<T>(ScatterReduction r, T a, T b) where T : System.Numerics.INumber<T> => r switch
    {
        ScatterReduction.Add => a + b,
        ScatterReduction.Mul => a * b,
        ScatterReduction.Max => T.Max(a, b),
        ScatterReduction.Min => T.Min(a, b),
        _ => b,
    };

    /// <summary>Gradients exist for plain assignment and for add; the others are refused by name.</summary>
    public static void CheckDifferentiable(Operator op, ScatterReduction r)
    {
        if (r is not (ScatterReduction.None or ScatterReduction.Add))
            throw new ModelException($"{op.Node}: gradients cannot flow through reduction '{r.ToString().ToLowerInvariant()}'.");
    }
}
