using System.Buffers;

namespace CamSharp.Tensors;

/// <summary>
/// A dense, contiguous, row-major tensor. Data lives in a pooled buffer that may be longer
/// than <see cref="Length"/>; always go through the span accessors. There are no views: an
/// operation that changes layout copies.
/// </summary>
public sealed class Tensor : IDisposable
{
    private float[]? _floats;
    private long[]? _longs;
    private bool[]? _bools;
    private readonly bool _pooled;
    // Where the elements start in _floats: non-zero only for a window (see Window).
    private int _offset;

    public DataType Type { get; }
    public int[] Shape { get; }
    public int Length { get; }
    public int Rank => Shape.Length;

    private Tensor(DataType type, int[] shape, int length, float[]? f, long[]? l, bool[]? b, bool pooled)
    {
        Type = type;
        Shape = shape;
        Length = length;
        _floats = f;
        _longs = l;
        _bools = b;
        _pooled = pooled;
    }

    /// <summary>Float elements. Throws if this is not a float tensor.</summary>
    public Span<float> Floats => _floats is { } f ? f.AsSpan(_offset, Length) : throw WrongType(DataType.Float32);

    /// <summary>The float buffer itself (pooled: may be longer than <see cref="Length"/>), for kernels that hand it to worker threads.</summary>
    internal float[] FloatStorage => _offset == 0 ? _floats ?? throw WrongType(DataType.Float32) : throw NoStorage();

    /// <summary>Int64 elements. Throws if this is not an int64 tensor.</summary>
    public Span<long> Longs => _longs is { } l ? l.AsSpan(0, Length) : throw WrongType(DataType.Int64);

    /// <summary>Bool elements. Throws if this is not a bool tensor.</summary>
    public Span<bool> Bools => _bools is { } b ? b.AsSpan(0, Length) : throw WrongType(DataType.Bool);

    /// <summary>The backing float array (may be longer than <see cref="Length"/>), for kernels.</summary>
    internal float[] FloatArray => _offset == 0 ? _floats ?? throw WrongType(DataType.Float32) : throw NoStorage();

    /// <summary>
    /// A float tensor over elements [offset, offset + size of shape) of <paramref name="parent"/>'s buffer
    /// (a producer writing its block of a Concat's output). It owns nothing: disposing it does nothing,
    /// and it is valid while the parent is.
    /// </summary>
    internal static Tensor Window(Tensor parent, int offset, int[] shape)
    {
        int n = ShapeUtil.Size(shape);
        if (parent.Type != DataType.Float32 || offset < 0 || offset + n > parent.Length)
            throw new ArgumentException($"A window of {n} elements at {offset} does not fit in {parent}.");
        return new Tensor(DataType.Float32, (int[])shape.Clone(), n, parent._floats, null, null, pooled: false) { _offset = parent._offset + offset };
    }

    private InvalidOperationException NoStorage() => new($"{this} is a window into another tensor's buffer; it has no storage array of its own.");

    /// <summary>A new zero-filled tensor from the pool.</summary>
    public static Tensor Zeros(DataType type, ReadOnlySpan<int> shape)
    {
        var t = Uninitialized(type, shape);
        t.Clear();
        return t;
    }

    /// <summary>A new zero-filled float tensor.</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(DataType.Float32, shape);

    /// <summary>A pooled tensor whose contents are garbage; the caller overwrites every element.</summary>
    public static Tensor Uninitialized(DataType type, ReadOnlySpan<int> shape)
    {
        int[] s = shape.ToArray();
        int n = ShapeUtil.Size(s);
        return type switch
        {
            DataType.Float32 => new Tensor(type, s, n, ArrayPool<float>.Shared.Rent(Math.Max(n, 1)), null, null, true),
            DataType.Int64 => new Tensor(type, s, n, null, ArrayPool<long>.Shared.Rent(Math.Max(n, 1)), null, true),
            DataType.Bool => new Tensor(type, s, n, null, null, ArrayPool<bool>.Shared.Rent(Math.Max(n, 1)), true),
            _ => throw new ArgumentOutOfRangeException(nameof(type)),
        };
    }

    /// <summary>Wraps (does not copy) a float array.</summary>
    public static Tensor FromFloats(float[] data, params int[] shape)
    {
        int n = ShapeUtil.Size(shape);
        if (data.Length != n) throw new ArgumentException($"Data has {data.Length} elements but shape [{string.Join(", ", shape)}] needs {n}.");
        return new Tensor(DataType.Float32, (int[])shape.Clone(), n, data, null, null, false);
    }

    /// <summary>Wraps (does not copy) an int64 array.</summary>
    public static Tensor FromLongs(long[] data, params int[] shape)
    {
        int n = ShapeUtil.Size(shape);
        if (data.Length != n) throw new ArgumentException($"Data has {data.Length} elements but shape [{string.Join(", ", shape)}] needs {n}.");
        return new Tensor(DataType.Int64, (int[])shape.Clone(), n, null, data, null, false);
    }

    /// <summary>Wraps (does not copy) a bool array.</summary>
    public static Tensor FromBools(bool[] data, params int[] shape)
    {
        int n = ShapeUtil.Size(shape);
        if (data.Length != n) throw new ArgumentException($"Data has {data.Length} elements but shape [{string.Join(", ", shape)}] needs {n}.");
        return new Tensor(DataType.Bool, (int[])shape.Clone(), n, null, null, data, false);
    }

    public static Tensor Scalar(float value) => FromFloats([value]);

    public static Tensor ScalarLong(long value) => FromLongs([value]);

    /// <summary>A 1-D int64 tensor, the usual form of shape and axes inputs.</summary>
    public static Tensor Vector(params long[] values) => FromLongs(values, values.Length);

    /// <summary>A deep copy in a fresh pooled buffer, optionally with another shape of equal size.</summary>
    public Tensor Clone(int[]? newShape = null)
    {
        var shape = newShape ?? Shape;
        if (ShapeUtil.Size(shape) != Length) throw new ArgumentException("Clone shape must keep the element count.");
        var t = Uninitialized(Type, shape);
        switch (Type)
        {
            case DataType.Float32: Floats.CopyTo(t.Floats); break;
            case DataType.Int64: Longs.CopyTo(t.Longs); break;
            default: Bools.CopyTo(t.Bools); break;
        }
        return t;
    }

    /// <summary>Sets every element to zero.</summary>
    public void Clear()
    {
        switch (Type)
        {
            case DataType.Float32: Floats.Clear(); break;
            case DataType.Int64: Longs.Clear(); break;
            default: Bools.Clear(); break;
        }
    }

    /// <summary>Element <paramref name="i"/> (flat index) as a double, whatever the type.</summary>
    public double GetDouble(int i) => Type switch
    {
        DataType.Float32 => Floats[i],
        DataType.Int64 => Longs[i],
        _ => Bools[i] ? 1 : 0,
    };

    /// <summary>All elements as int64 (floats truncated), for shape-like inputs.</summary>
    public long[] ToLongArray()
    {
        var r = new long[Length];
        for (int i = 0; i < Length; i++) r[i] = Type switch
        {
            DataType.Int64 => Longs[i],
            DataType.Float32 => (long)Floats[i],
            _ => Bools[i] ? 1 : 0,
        };
        return r;
    }

    /// <summary>All elements as a new float array.</summary>
    public float[] ToFloatArray()
    {
        if (Type == DataType.Float32) return Floats.ToArray();
        var r = new float[Length];
        for (int i = 0; i < Length; i++) r[i] = (float)GetDouble(i);
        return r;
    }

    /// <summary>Returns a pooled buffer. Using the tensor afterwards is a bug.</summary>
    /// <summary>
    /// A tensor of another shape (same type and length) over this one's buffer, which moves to it:
    /// this tensor is left empty, and disposing it does nothing.
    /// </summary>
    internal Tensor MoveTo(int[] shape)
    {
        if (ShapeUtil.Size(shape) != Length) throw new ArgumentException($"Cannot move {this} into shape [{string.Join(", ", shape)}].");
        var moved = new Tensor(Type, (int[])shape.Clone(), Length, _floats, _longs, _bools, _pooled) { _offset = _offset };
        _floats = null;
        _longs = null;
        _bools = null;
        return moved;
    }

    public void Dispose()
    {
        if (!_pooled) return;
        if (_floats is { } f) ArrayPool<float>.Shared.Return(f);
        if (_longs is { } l) ArrayPool<long>.Shared.Return(l);
        if (_bools is { } b) ArrayPool<bool>.Shared.Return(b);
        _floats = null;
        _longs = null;
        _bools = null;
    }

    public override string ToString() => $"Tensor<{Type}>[{string.Join(", ", Shape)}]";

    private InvalidOperationException WrongType(DataType wanted) =>
        _floats is null && _longs is null && _bools is null
            ? new InvalidOperationException("Tensor was used after it was disposed.")
            : new InvalidOperationException($"Tensor is {Type}, not {wanted}.");
}
