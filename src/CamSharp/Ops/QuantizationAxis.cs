using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// How a quantization parameter (scale, zero point) maps onto the elements of X in
/// QuantizeLinear and DequantizeLinear: one value for the whole tensor (a scalar or a
/// one-element 1-D tensor), one per slice along <c>axis</c> (a 1-D tensor), or one per block
/// of <c>block_size</c> elements along <c>axis</c> (same rank as X, opset 21).
/// </summary>
internal readonly struct QuantizationAxis
{
    private enum Kind { PerTensor, PerAxis, Blocked }

    private readonly Kind _kind;
    private readonly int _outer, _length, _inner, _blockSize, _blocks;

    private QuantizationAxis(Kind kind, int outer, int length, int inner, int blockSize, int blocks)
    {
        _kind = kind;
        _outer = outer;
        _length = length;
        _inner = inner;
        _blockSize = blockSize;
        _blocks = blocks;
    }

    /// <summary>Checks the parameter shape against X and the attributes; <paramref name="what"/> names it in errors.</summary>
    public static QuantizationAxis Resolve(Operator op, int[] x, int[] param, long axis, long blockSize, string what)
    {
        if (param.Length == 0 || (param.Length == 1 && param[0] == 1 && blockSize <= 0))
            return new QuantizationAxis(Kind.PerTensor, 1, 1, 1, 1, 1);
        if (axis < -x.Length || axis >= x.Length)
            throw new ModelException($"{op.Node}: axis {axis} is outside the input's {x.Length} dims.");
        int a = (int)(axis < 0 ? axis + x.Length : axis);
        int outer = ShapeUtil.Size(x.AsSpan(0, a)), length = x[a], inner = ShapeUtil.Size(x.AsSpan(a + 1));
        if (blockSize <= 0)
        {
            if (param.Length != 1 || param[0] != length)
                throw new ModelException($"{op.Node}: {what} has shape [{ShapeUtil.Format(param)}], expected a scalar or [{length}] (input dim {a}).");
            return new QuantizationAxis(Kind.PerAxis, outer, length, inner, 1, length);
        }
        int blocks = (int)((length + blockSize - 1) / blockSize);
        var expected = (int[])x.Clone();
        expected[a] = blocks;
        if (!ShapeUtil.Equal(param, expected))
            throw new ModelException($"{op.Node}: {what} has shape [{ShapeUtil.Format(param)}], expected [{ShapeUtil.Format(expected)}] for block_size {blockSize} along axis {a}.");
        return new QuantizationAxis(Kind.Blocked, outer, length, inner, (int)blockSize, blocks);
    }

    /// <summary>
    /// Calls <paramref name="body"/> for each run of X elements: (start, count, first parameter
    /// index, parameter step), where the step is 0 when the run shares one parameter and 1
    /// when its elements take consecutive parameters (blocked layouts with trailing dims).
    /// </summary>
    public void ForEachRun(int total, Action<int, int, int, int> body)
    {
        if (_kind == Kind.PerTensor)
        {
            body(0, total, 0, 0);
            return;
        }
        for (int o = 0; o < _outer; o++)
            for (int c = 0; c < _length; c++)
            {
                int start = (o * _length + c) * _inner;
                if (_kind == Kind.Blocked) body(start, _inner, (o * _blocks + c / _blockSize) * _inner, 1);
                else body(start, _inner, c, 0);
            }
    }
}
