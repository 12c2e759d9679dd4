using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// ONNX GridSample (4-D): output[n, c, i, j] samples X[n, c] at grid[n, i, j] = (x, y) in
/// [-1, 1] (align_corners: ±1 are the corner pixels' centres, else their outer edges) with
/// bilinear, nearest (half to even) or bicubic (A = −0.75) interpolation; out-of-range
/// coordinates read zeros, the border, or the reflection (padding_mode). Follows PyTorch's
/// grid_sampler. Backward: X for every mode; the grid for bilinear (nearest has zero grid
/// gradient almost everywhere; bicubic's is refused).
/// </summary>
internal sealed class GridSample : Operator
{
    private enum Mode { Bilinear, Nearest, Bicubic }

    private enum Padding { Zeros, Border, Reflection }

    private readonly Mode _mode;
    private readonly Padding _padding;
    private readonly bool _alignCorners;

    public GridSample(Node node) : base(node)
    {
        var a = node.Attributes;
        string mode = a.GetString("mode", "bilinear");
        _mode = mode switch
        {
            "bilinear" or "linear" => Mode.Bilinear,
            "nearest" => Mode.Nearest,
            "bicubic" or "cubic" => Mode.Bicubic,
            _ => throw Error($"mode '{mode}' is not bilinear, nearest or bicubic."),
        };
        string padding = a.GetString("padding_mode", "zeros");
        _padding = padding switch
        {
            "zeros" => Padding.Zeros,
            "border" => Padding.Border,
            "reflection" => Padding.Reflection,
            _ => throw Error($"padding_mode '{padding}' is not zeros, border or reflection."),
        };
        _alignCorners = a.GetInt("align_corners", 0) != 0;
    }

    public override BackwardNeeds Needs => BackwardNeeds.Inputs;

    public override void Infer(InferContext ctx)
    {
        var x = ctx.Input(0);
        var grid = ctx.Input(1);
        if (x.Type != DataType.Float32 || grid.Type != DataType.Float32) throw Error($"inputs are {x.Type} and {grid.Type}, expected Float32.");
        if (x.Rank != 4 || grid.Rank != 4 || grid.Shape[0] != x.Shape[0] || grid.Shape[3] != 2)
            throw Error($"X {ShapeArgs.Format(x.Shape)} and grid {ShapeArgs.Format(grid.Shape)} must be [N, C, H, W] and [N, H_out, W_out, 2].");
        ctx.SetOutput(0, DataType.Float32, [x.Shape[0], x.Shape[1], grid.Shape[1], grid.Shape[2]]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var x = ctx.Input(0);
        var yTensor = ctx.Output(0);
        Walk(x.Shape, ctx.Input(1), (n, point, taps, _) =>
        {
            var xs = x.Floats;
            var y = yTensor.Floats;
            int c0 = x.Shape[1], plane = x.Shape[2] * x.Shape[3], points = y.Length / (x.Shape[0] * c0);
            for (int c = 0; c < c0; c++)
            {
                int basePlane = (n * c0 + c) * plane;
                float v = 0;
                foreach (var (pixel, weight) in taps) if (pixel >= 0) v += weight * xs[basePlane + pixel];
                y[(n * c0 + c) * points + point] = v;
            }
        });
    }

    public override void Backward(BackwardContext ctx)
    {
        var x = ctx.Input(0);
        var grid = ctx.Input(1);
        bool wantX = ctx.NeedsInputGrad(0), wantGrid = ctx.NeedsInputGrad(1);
        if (wantGrid && _mode == Mode.Bicubic) throw Error("gradients cannot flow to the grid in bicubic mode.");
        var gx = wantX ? Tensor.Zeros(DataType.Float32, x.Shape) : null;
        var gg = wantGrid ? Tensor.Zeros(DataType.Float32, grid.Shape) : null;
        if (ctx.OutputGrad(0) is { } gyTensor)
        {
            int c0 = x.Shape[1], plane = x.Shape[2] * x.Shape[3], points = grid.Shape[1] * grid.Shape[2];
            Walk(x.Shape, grid, (n, point, taps, slope) =>
            {
                var gy = gyTensor.Floats;
                var xs = x.Floats;
                float dx = 0, dy = 0;
                for (int c = 0; c < c0; c++)
                {
                    int basePlane = (n * c0 + c) * plane;
                    float g = gy[(n * c0 + c) * points + point];
                    if (gx is not null)
                        foreach (var (pixel, weight) in taps) if (pixel >= 0) gx.Floats[basePlane + pixel] += g * weight;
                    if (gg is not null && slope is { } s)
                        for (int k = 0; k < taps.Count; k++)
                            if (taps[k].Pixel >= 0)
                            {
                                dx += g * s.DWeightDx[k] * xs[basePlane + taps[k].Pixel];
                                dy += g * s.DWeightDy[k] * xs[basePlane + taps[k].Pixel];
                            }
                }
                if (gg is not null && slope is { } t)
                {
                    gg.Floats[(n * points + point) * 2] += dx * t.DxDgx;
                    gg.Floats[(n * points + point) * 2 + 1] += dy * t.DyDgy;
                }
            });
        }
        if (gx is not null) ctx.SetInputGrad(0, gx);
        if (gg is not null) ctx.SetInputGrad(1, gg);
    }

    /// <summary>Bilinear weights' derivatives with respect to the pixel coordinates, and those coordinates' with respect to the grid.</summary>
    private sealed record Slope(float[] DWeightDx, float[] DWeightDy, float DxDgx, float DyDgy);

    /// <summary>Calls <paramref name="visit"/> with each output point's taps (pixel in the plane, -1 outside; weight).</summary>
    private void Walk(int[] xShape, Tensor gridTensor, Action<int, int, List<(int Pixel, float Weight)>, Slope?> visit)
    {
        int h = xShape[2], w = xShape[3];
        var grid = gridTensor.Floats;
        int points = gridTensor.Shape[1] * gridTensor.Shape[2];
        var taps = new List<(int, float)>(16);
        for (int n = 0; n < xShape[0]; n++)
            for (int p = 0; p < points; p++)
            {
                taps.Clear();
                float gxv = grid[(n * points + p) * 2], gyv = grid[(n * points + p) * 2 + 1];
                var (ix, dIx) = Unnormalize(gxv, w);
                var (iy, dIy) = Unnormalize(gyv, h);
                Slope? slope = null;
                switch (_mode)
                {
                    case Mode.Nearest:
                        (ix, _) = Pad(ix, w);
                        (iy, _) = Pad(iy, h);
                        taps.Add((Index(Math.Round(ix, MidpointRounding.ToEven), Math.Round(iy, MidpointRounding.ToEven), h, w), 1));
                        break;
                    case Mode.Bilinear:
                        var (px, sx) = Pad(ix, w);
                        var (py, sy) = Pad(iy, h);
                        double x0 = Math.Floor(px), y0 = Math.Floor(py);
                        float lx = (float)(px - x0), ly = (float)(py - y0);
                        taps.Add((Index(x0, y0, h, w), (1 - lx) * (1 - ly)));
                        taps.Add((Index(x0 + 1, y0, h, w), lx * (1 - ly)));
                        taps.Add((Index(x0, y0 + 1, h, w), (1 - lx) * ly));
                        taps.Add((Index(x0 + 1, y0 + 1, h, w), lx * ly));
                        slope = new Slope([-(1 - ly), 1 - ly, -ly, ly], [-(1 - lx), -lx, 1 - lx, lx], (float)(dIx * sx), (float)(dIy * sy));
                        break;
                    default:
                        double bx = Math.Floor(ix), by = Math.Floor(iy);
                        var wx = Cubic(ix - bx);
                        var wy = Cubic(iy - by);
                        for (int j = 0; j < 4; j++)
                            for (int i = 0; i < 4; i++)
                                taps.Add((Index(Pad(bx - 1 + i, w).Value, Pad(by - 1 + j, h).Value, h, w), wx[i] * wy[j]));
                        break;
                }
                visit(n, p, taps, slope);
            }
    }

    /// <summary>Grid value to pixel coordinate, and its derivative.</summary>
    private (double Value, double Slope) Unnormalize(float g, int size) => _alignCorners
        ? ((g + 1) / 2.0 * (size - 1), (size - 1) / 2.0)
        : (((g + 1) * size - 1) / 2.0, size / 2.0);

    /// <summary>The coordinate after padding_mode (border clips, reflection folds), and its derivative (0 or ±1).</summary>
    private (double Value, double Slope) Pad(double v, int size)
    {
        switch (_padding)
        {
            case Padding.Border:
                return v < 0 ? (0, 0) : v > size - 1 ? (size - 1, 0) : (v, 1);
            case Padding.Reflection:
                var (r, s) = _alignCorners ? Reflect(v, 0, 2 * (size - 1)) : Reflect(v, -1, 2 * size - 1);
                return r < 0 ? (0, 0) : r > size - 1 ? (size - 1, 0) : (r, s);
            default:
                return (v, 1);
        }
    }

    /// <summary>Folds v into [low/2, high/2] by reflection (PyTorch's reflect_coordinates); the slope is ±1.</summary>
    private static (double Value, double Slope) Reflect(double v, int twiceLow, int twiceHigh)
    {
        if (twiceLow == twiceHigh) return (0, 0);
        double min = twiceLow / 2.0, span = (twiceHigh - twiceLow) / 2.0;
        double sign = v < min ? -1 : 1;
        double d = Math.Abs(v - min);
        double extra = d % span;
        int flips = (int)Math.Floor(d / span);
        return flips % 2 == 0 ? (extra + min, sign) : (span - extra + min, -sign);
    }

    private static int Index(double x, double y, int h, int w) =>
        x >= 0 && x < w && y >= 0 && y < h ? (int)y * w + (int)x : -1;

    /// <summary>Cubic convolution weights (A = −0.75) of the four taps around a point t ∈ [0, 1) past the second.</summary>
    private static float[] Cubic(double t)
    {
        const double A = -0.75;
        static double Near(double d) => ((A + 2) * d - (A + 3)) * d * d + 1;
        static double Far(double d) => ((A * d - 5 * A) * d + 8 * A) * d - 4 * A;
        return [(float)Far(t + 1), (float)Near(t), (float)Near(1 - t), (float)Far(2 - t)];
    }
}
