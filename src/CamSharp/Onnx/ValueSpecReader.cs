using CamSharp.Onnx.Proto;
using DimCase = CamSharp.Onnx.Proto.TensorShapeProto.Types.Dimension.ValueOneofCase;

namespace CamSharp.Onnx;

/// <summary>Converts <c>ValueInfoProto</c>s (graph inputs, outputs, value_info) to <see cref="ValueSpec"/>s.</summary>
internal static class ValueSpecReader
{
    /// <summary>
    /// The spec of a graph input or output, or null after adding the reason to
    /// <paramref name="problems"/>: anything but a tensor of a type the engine holds is an
    /// error, since the model could not be fed or read. A graph input may not declare a zero
    /// dimension (nothing could be fed), and no value a negative one. Caps on rank and
    /// dimension throw at once.
    /// </summary>
    public static ValueSpec? ReadRequired(ValueInfoProto v, string role, string source, OnnxLoadOptions options, List<string> problems)
    {
        var spec = TryRead(v, source, options, out string? problem, out var dims);
        if (spec is null)
        {
            problems.Add($"{role} '{v.Name}' {problem}");
            return null;
        }
        CheckDims(v.Name, dims, role, problems);
        return spec;
    }

    /// <summary>A value_info entry: null (and no problem) when it is not a plain tensor, since runtimes ignore those.</summary>
    public static ValueSpec? ReadInfo(ValueInfoProto v, string source, OnnxLoadOptions options, List<string> problems)
    {
        var spec = TryRead(v, source, options, out _, out var dims);
        if (spec is not null) CheckDims(v.Name, dims, "value_info", problems);
        return spec;
    }

    /// <summary>
    /// The spec, or null (with the reason) when the value is not a plain tensor.
    /// <paramref name="dims"/> gets the fixed dimensions as written (null for symbolic ones).
    /// </summary>
    private static ValueSpec? TryRead(ValueInfoProto v, string source, OnnxLoadOptions options, out string? problem, out long?[] dims)
    {
        problem = null;
        dims = [];
        if (v.Type is null || v.Type.ValueCase != TypeProto.ValueOneofCase.TensorType)
        {
            problem = "is not a tensor (sequences, maps and optionals are not supported)";
            return null;
        }
        var t = v.Type.TensorType;
        var type = OnnxElementType.ToDataType(t.ElemType);
        if (type is null)
        {
            problem = OnnxElementType.CannotHold(t.ElemType);
            return null;
        }
        int[]? shape = null;
        string?[]? dimParams = null;
        var limits = options.Limits;
        if (t.Shape is { } s)
        {
            if (s.Dim.Count > limits.MaxRank)
                throw new ResourceLimitException(nameof(ResourceLimits.MaxRank), s.Dim.Count, limits.MaxRank,
                    $"{source}: value '{v.Name}' has rank {s.Dim.Count}, over the cap of {limits.MaxRank}.");
            shape = new int[s.Dim.Count];
            dimParams = new string?[s.Dim.Count];
            dims = new long?[s.Dim.Count];
            for (int i = 0; i < shape.Length; i++)
            {
                var d = s.Dim[i];
                shape[i] = -1;
                if (d.ValueCase == DimCase.DimValue)
                {
                    if (d.DimValue > limits.MaxDimension)
                        throw new ResourceLimitException(nameof(ResourceLimits.MaxDimension), d.DimValue, limits.MaxDimension,
                            $"{source}: value '{v.Name}' has dimension {d.DimValue}, over the cap of {limits.MaxDimension}.");
                    dims[i] = d.DimValue;
                    if (d.DimValue >= 0) shape[i] = (int)d.DimValue;
                }
                else if (d.ValueCase == DimCase.DimParam && d.DimParam.Length > 0)
                {
                    dimParams[i] = d.DimParam;
                }
            }
        }
        return new ValueSpec(v.Name, type.Value, shape, dimParams) { OnnxTypeName = OnnxElementType.Name(t.ElemType) };
    }

    /// <summary>Zero dimensions are legal ONNX (empty tensors, empty axes lists); negative ones are not.</summary>
    private static void CheckDims(string name, long?[] dims, string role, List<string> problems)
    {
        if (dims.Any(d => d < 0))
            problems.Add($"{role} '{name}' declares a negative dimension in [{string.Join(", ", dims.Select(d => d?.ToString() ?? "?"))}]");
    }
}
