using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using DimCase = CamSharp.Onnx.Proto.TensorShapeProto.Types.Dimension.ValueOneofCase;

namespace CamSharp.Onnx;

/// <summary>Converts <c>ValueInfoProto</c>s (graph inputs, outputs, value_info) to <see cref="ValueSpec"/>s.</summary>
internal static class ValueSpecReader
{
    /// <summary>
    /// The spec of a graph input or output; anything but a tensor of a type the engine holds
    /// is an error, since the model could not be fed or read.
    /// </summary>
    public static ValueSpec ReadRequired(ValueInfoProto v, string role, string source, OnnxLoadOptions options) =>
        TryRead(v, source, options, out string? problem) ?? throw new ModelException($"{source}: {role} '{v.Name}' {problem}.");

    /// <summary>The spec, or null (with the reason) when the value is not a plain tensor.</summary>
    public static ValueSpec? TryRead(ValueInfoProto v, string source, OnnxLoadOptions options, out string? problem)
    {
        problem = null;
        if (v.Type is null || v.Type.ValueCase != TypeProto.ValueOneofCase.TensorType)
        {
            problem = "is not a tensor (sequences, maps and optionals are not supported)";
            return null;
        }
        var t = v.Type.TensorType;
        var type = OnnxElementType.ToDataType(t.ElemType);
        if (type is null)
        {
            problem = $"has element type {OnnxElementType.Name(t.ElemType)}, which CamSharp cannot hold";
            return null;
        }
        int[]? shape = null;
        string?[]? dimParams = null;
        if (t.Shape is { } s)
        {
            if (s.Dim.Count > options.MaxRank)
                throw new ModelException($"{source}: value '{v.Name}' has rank {s.Dim.Count}, over the limit of {options.MaxRank}.");
            shape = new int[s.Dim.Count];
            dimParams = new string?[s.Dim.Count];
            for (int i = 0; i < shape.Length; i++)
            {
                var d = s.Dim[i];
                shape[i] = -1;
                if (d.ValueCase == DimCase.DimValue)
                {
                    if (d.DimValue > options.MaxDimension)
                        throw new ModelException($"{source}: value '{v.Name}' has dimension {d.DimValue}, over the limit of {options.MaxDimension}.");
                    // Negative values are invalid; treat them as unknown like the runtimes do.
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
}
