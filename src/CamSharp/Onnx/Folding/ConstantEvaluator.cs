using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx.Folding;

/// <summary>
/// A tiny evaluator for operators that exporters apply to constants only (see
/// <see cref="ConstantFolding"/>): forward only, no gradients, plain loops, since it runs
/// once at load on small tensors. Mod (integer and float, <c>fmod</c>) and ScatterND (with
/// the opset 16/18 reductions).
/// </summary>
internal static class ConstantEvaluator
{
    public static bool CanEvaluate(string opType) => opType is "Mod" or "ScatterND";

    public static Tensor[] Evaluate(Node node, Tensor?[] inputs) => node.OpType switch
    {
        "Mod" => [Mod(node, Required(node, inputs, 0), Required(node, inputs, 1))],
        "ScatterND" => [ScatterND(node, Required(node, inputs, 0), Required(node, inputs, 1), Required(node, inputs, 2))],
        _ => throw new ModelException($"{node}: no constant evaluator for {node.OpType}."),
    };

    private static Tensor Required(Node node, Tensor?[] inputs, int i) =>
        i < inputs.Length && inputs[i] is { } t ? t : throw new ModelException($"{node}: input {i} is missing.");

    /// <summary>Mod: integers take the divisor's sign (Python's %) unless fmod=1; floats need fmod=1 (C's fmod).</summary>
    private static Tensor Mod(Node node, Tensor a, Tensor b)
    {
        if (a.Type != b.Type || a.Type == DataType.Bool)
            throw new ModelException($"{node}: Mod of {a.Type} and {b.Type} is not defined.");
        bool fmod = node.Attributes.GetInt("fmod", 0) != 0;
        if (a.Type == DataType.Float32 && !fmod) throw new ModelException($"{node}: Mod of floats requires fmod=1.");
        var shape = ShapeUtil.TryBroadcast(a.Shape, b.Shape) ?? throw new ModelException($"{node}: shapes [{ShapeUtil.Format(a.Shape)}] and [{ShapeUtil.Format(b.Shape)}] do not broadcast.");
        using Tensor x = Broadcasting.Expand(a, shape), y = Broadcasting.Expand(b, shape);
        var result = Tensor.Uninitialized(a.Type, shape);
        if (a.Type == DataType.Float32)
        {
            for (int i = 0; i < result.Length; i++) result.Floats[i] = x.Floats[i] % y.Floats[i]; // C# % on floats is C's fmod
            return result;
        }
        for (int i = 0; i < result.Length; i++)
        {
            long d = y.Longs[i];
            if (d == 0) throw new ModelException($"{node}: integer Mod by zero.");
            long r = x.Longs[i] % d;
            if (!fmod && r != 0 && (r < 0) != (d < 0)) r += d;
            result.Longs[i] = r;
        }
        return result;
    }

    /// <summary>ScatterND: a copy of data with the slices that indices name replaced (or reduced) by updates.</summary>
    private static Tensor ScatterND(Node node, Tensor data, Tensor indices, Tensor updates)
    {
        if (indices.Type != DataType.Int64 || indices.Rank < 1) throw new ModelException($"{node}: indices must be int64 of rank at least 1.");
        if (updates.Type != data.Type) throw new ModelException($"{node}: updates are {updates.Type}, data is {data.Type}.");
        int k = indices.Shape[^1];
        if (k > data.Rank) throw new ModelException($"{node}: index tuples of length {k} for data of rank {data.Rank}.");
        int slice = ShapeUtil.Size(data.Shape.AsSpan(k));
        int tuples = ShapeUtil.Size(indices.Shape.AsSpan(0, indices.Rank - 1));
        int[] expected = [.. indices.Shape[..^1], .. data.Shape[k..]];
        if (!updates.Shape.AsSpan().SequenceEqual(expected))
            throw new ModelException($"{node}: updates have shape [{ShapeUtil.Format(updates.Shape)}], expected [{ShapeUtil.Format(expected)}].");
        string reduction = node.Attributes.GetString("reduction", "none");
        var strides = ShapeUtil.Strides(data.Shape);
        var result = data.Clone();
        for (int t = 0; t < tuples; t++)
        {
            long offset = 0;
            for (int j = 0; j < k; j++)
            {
                long index = indices.Longs[t * k + j];
                if (index < 0) index += data.Shape[j];
                if (index < 0 || index >= data.Shape[j]) throw new ModelException($"{node}: index {indices.Longs[t * k + j]} is out of range for axis {j} of size {data.Shape[j]}.");
                offset += index * strides[j];
            }
            for (int e = 0; e < slice; e++) Combine(result, (int)offset + e, updates, t * slice + e, reduction, node);
        }
        return result;
    }

    private static void Combine(Tensor into, int at, Tensor from, int source, string reduction, Node node)
    {
        switch (into.Type)
        {
            case DataType.Float32:
                into.Floats[at] = Reduce(into.Floats[at], from.Floats[source], reduction, node);
                break;
            case DataType.Int64:
                into.Longs[at] = Reduce(into.Longs[at], from.Longs[source], reduction, node);
                break;
            default:
                if (reduction != "none") throw new ModelException($"{node}: reduction '{reduction}' on bool data is not defined.");
                into.Bools[at] = from.Bools[source];
                break;
        }
    }

    private static T Reduce<T>(T current, T update, string reduction, Node node) where T : System.Numerics.INumber<T> => reduction switch
    {
        "none" => update,
        "add" => current + update,
        "mul" => current * update,
        "max" => T.Max(current, update),
        "min" => T.Min(current, update),
        _ => throw new ModelException($"{node}: unknown reduction '{reduction}'."),
    };
}
