using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// A graph input, output or value_info entry: its engine type (after widening), its shape
/// with -1 for an unknown or symbolic dimension (null when even the rank is unknown), and
/// the symbolic names (<c>"N"</c>, <c>"height"</c>; null entries for fixed or unnamed dims).
/// </summary>
public sealed record ValueSpec(string Name, DataType Type, int[]? Shape, string?[]? DimParams)
{
    /// <summary>The element type as the file declares it ("FLOAT16"), before widening.</summary>
    public string OnnxTypeName { get; init; } = OnnxElementType.Name(Type);

    /// <summary>Whether every dimension is known.</summary>
    public bool IsStatic => Shape is not null && Array.TrueForAll(Shape, d => d >= 0);

    /// <summary>"input: FLOAT16 [N, 3, 224, 224]".</summary>
    public override string ToString()
    {
        if (Shape is null) return $"{Name}: {OnnxTypeName} (rank unknown)";
        var dims = Shape.Select((d, i) => d >= 0 ? d.ToString() : DimParams?[i] ?? "?");
        return $"{Name}: {OnnxTypeName} [{string.Join(", ", dims)}]";
    }
}
