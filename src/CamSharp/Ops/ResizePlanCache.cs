using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// The last <see cref="ResizePlan"/> a Resize or Upsample node built, with what it was built
/// from: the forward of every run reuses it instead of rebuilding the per-axis tap tables.
/// Keyed by the input shape and the values (not the identity) of roi, scales and sizes.
/// </summary>
internal sealed class ResizePlanCache
{
    private sealed record Entry(int[] Shape, double[]?[] Arguments, ResizePlan Plan);

    // Replaced whole, never mutated: runs on other threads see one entry or the other.
    private Entry? _last;

    public ResizePlan Get(int[] shape, ReadOnlySpan<Tensor?> arguments, Func<ResizePlan> build)
    {
        if (_last is { } e && Matches(e, shape, arguments)) return e.Plan;
        var plan = build();
        var values = new double[]?[arguments.Length];
        for (int i = 0; i < arguments.Length; i++) values[i] = Values(arguments[i]);
        _last = new Entry((int[])shape.Clone(), values, plan);
        return plan;
    }

    private static bool Matches(Entry e, int[] shape, ReadOnlySpan<Tensor?> arguments)
    {
        if (!ShapeUtil.Equal(e.Shape, shape) || e.Arguments.Length != arguments.Length) return false;
        for (int i = 0; i < arguments.Length; i++)
        {
            var known = e.Arguments[i];
            var given = arguments[i];
            if (known is null || given is null)
            {
                if (known is not null || given is not null) return false;
                continue;
            }
            if (known.Length != given.Length) return false;
            for (int k = 0; k < known.Length; k++)
                if (!known[k].Equals(given.GetDouble(k))) return false;
        }
        return true;
    }

    private static double[]? Values(Tensor? t)
    {
        if (t is null) return null;
        var values = new double[t.Length];
        for (int k = 0; k < values.Length; k++) values[k] = t.GetDouble(k);
        return values;
    }
}
