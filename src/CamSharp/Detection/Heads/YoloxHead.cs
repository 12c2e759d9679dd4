using CamSharp.Engine;

namespace CamSharp.Detection.Heads;

/// <summary>
/// YOLOX export without decoding: rows are the cells of the stride 8, 16, 32 grids in that
/// order, each row-major; cx = (tx + gx)·s, cy = (ty + gy)·s, w = exp(tw)·s, h = exp(th)·s.
/// </summary>
public sealed class YoloxHead : ObjectnessHead
{
    public static readonly int[] Strides = [8, 16, 32];

    private readonly (int Gx, int Gy, int Stride)[] _cells;

    public YoloxHead(int outputIndex, int[] shape, int inputWidth, int inputHeight)
        : base(outputIndex, shape, inputWidth, inputHeight)
    {
        _cells = Cells(inputWidth, inputHeight);
        if (_cells.Length != Anchors)
            throw new InputException($"A YOLOX head at {inputHeight}x{inputWidth} has {_cells.Length} grid cells (strides 8, 16, 32), but the output has {Anchors} rows.");
    }

    public override HeadKind Kind => HeadKind.Yolox;

    /// <summary>The grid cells of all strides, in the output's row order.</summary>
    public static (int Gx, int Gy, int Stride)[] Cells(int inputWidth, int inputHeight)
    {
        var cells = new List<(int, int, int)>();
        foreach (int s in Strides)
            for (int gy = 0; gy < inputHeight / s; gy++)
                for (int gx = 0; gx < inputWidth / s; gx++)
                    cells.Add((gx, gy, s));
        return [.. cells];
    }

    protected override (Decoded Cx, Decoded Cy, Decoded W, Decoded H) DecodeBox(int anchor, float tx, float ty, float tw, float th)
    {
        var (gx, gy, s) = _cells[anchor];
        double w = Math.Exp(tw) * s, h = Math.Exp(th) * s;
        return (new((tx + gx) * (double)s, s), new((ty + gy) * (double)s, s), new(w, w), new(h, h));
    }
}
