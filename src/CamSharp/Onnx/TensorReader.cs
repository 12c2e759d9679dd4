using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// Turns <c>TensorProto</c>s (initializers, tensor attributes) into engine tensors. Every
/// size is checked against the bytes actually present and against the memory cap before
/// anything is allocated, so a file that lies about its shapes costs nothing.
/// </summary>
internal sealed class TensorReader
{
    private readonly string _source;
    private readonly ResourceLimits _limits;
    private readonly ExternalDataReader _external;
    private readonly bool _roundFloat64;
    private long _bytesLoaded;

    /// <summary>A reader for one file; DOUBLE tensors are refused unless <paramref name="roundFloat64"/> (test references only).</summary>
    public TensorReader(string source, string? baseDirectory, OnnxLoadOptions options, bool roundFloat64 = false)
    {
        _roundFloat64 = roundFloat64;
        _source = source;
        _limits = options.Limits;
        _external = new ExternalDataReader(source, baseDirectory);
    }

    /// <summary>Memory taken so far by the tensors this reader made.</summary>
    public long BytesLoaded => _bytesLoaded;

    /// <summary>Reads one tensor; <paramref name="what"/> names it in messages ("initializer 'w'").</summary>
    public Tensor Read(TensorProto proto, string what)
    {
        int code = proto.DataType;
        var type = OnnxElementType.ToDataType(code)
            ?? throw Fail(what, OnnxElementType.CannotHold(code));
        if (code == OnnxElementType.Double && !_roundFloat64)
            throw Fail(what, "is DOUBLE; CamSharp computes in float32 and would round float64 values (float64 models are not supported)");
        if (proto.Segment is not null)
            throw Fail(what, "is stored in segments, which CamSharp does not read");

        int[] shape = CheckShape(proto, what, out long count);
        long present = CountPresent(proto, code, count, what, out bool isRaw, out bool isExternal);
        if (present != count)
            throw Fail(what, $"claims shape [{string.Join(", ", proto.Dims)}] ({count} {OnnxElementType.Name(code)} elements) " +
                $"but holds {DescribePresent(present, code, isRaw, isExternal)}");
        if (count > _limits.MaxElements)
            throw Limit(nameof(ResourceLimits.MaxElements), count, _limits.MaxElements, what,
                $"claims shape [{string.Join(", ", proto.Dims)}] = {count} elements, over the cap of {_limits.MaxElements}");

        long bytes = count * ResourceLimits.ElementSize(type);
        if (bytes > _limits.MaxInitializerBytes - _bytesLoaded)
            throw Limit(nameof(ResourceLimits.MaxInitializerBytes), _bytesLoaded + bytes, _limits.MaxInitializerBytes, what,
                $"would bring constant tensors to {ResourceLimits.FormatBytes(_bytesLoaded + bytes)}, over the cap of {ResourceLimits.FormatBytes(_limits.MaxInitializerBytes)} (ResourceLimits.MaxInitializerBytes)");
        _bytesLoaded += bytes;

        int n = (int)count;
        if (isExternal)
        {
            byte[] raw = _external.Read(proto, count * OnnxElementType.RawSize(code), what);
            return TensorDecoder.FromRaw(raw, code, n, shape);
        }
        if (isRaw) return TensorDecoder.FromRaw(proto.RawData.Span, code, n, shape);
        return TensorDecoder.FromTyped(proto, code, n, shape, what, Fail);
    }

    private int[] CheckShape(TensorProto proto, string what, out long count)
    {
        if (proto.Dims.Count > _limits.MaxRank)
            throw Limit(nameof(ResourceLimits.MaxRank), proto.Dims.Count, _limits.MaxRank, what, $"has rank {proto.Dims.Count}, over the cap of {_limits.MaxRank}");
        var shape = new int[proto.Dims.Count];
        count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = proto.Dims[i];
            if (d < 0)
                throw Fail(what, $"has negative dimension {d} in shape [{string.Join(", ", proto.Dims)}]");
            if (d > _limits.MaxDimension)
                throw Limit(nameof(ResourceLimits.MaxDimension), d, _limits.MaxDimension, what,
                    $"has dimension {d} in shape [{string.Join(", ", proto.Dims)}], over the cap of {_limits.MaxDimension}");
            shape[i] = (int)d;
            // Saturate rather than overflow: the comparison with the bytes present still fails.
            count = count != 0 && d > long.MaxValue / 16 / count ? long.MaxValue / 16 : count * d;
        }
        return shape;
    }

    /// <summary>How many elements the proto actually carries, without copying anything.</summary>
    private long CountPresent(TensorProto proto, int code, long count, string what, out bool isRaw, out bool isExternal)
    {
        isExternal = proto.DataLocation == TensorProto.Types.DataLocation.External;
        isRaw = !isExternal && !proto.RawData.IsEmpty;
        int size = OnnxElementType.RawSize(code);
        if (isExternal) return _external.AvailableBytes(proto, count * size, what) / size;
        if (isRaw)
        {
            if (proto.RawData.Length % size != 0)
                throw Fail(what, $"has {proto.RawData.Length} bytes of raw_data, not a multiple of {size} ({OnnxElementType.Name(code)})");
            return proto.RawData.Length / size;
        }
        return TensorDecoder.TypedCount(proto, code);
    }

    private static string DescribePresent(long present, int code, bool isRaw, bool isExternal) =>
        isExternal ? $"{present * OnnxElementType.RawSize(code)} bytes of external data"
        : isRaw ? $"{present * OnnxElementType.RawSize(code)} bytes of raw_data"
        : $"{present} values in its typed data field";

    private ModelException Fail(string what, string message) => new($"{_source}: {what} {message}.");

    private ResourceLimitException Limit(string limit, long requested, long allowed, string what, string message) =>
        new(limit, requested, allowed, $"{_source}: {what} {message}.");
}
