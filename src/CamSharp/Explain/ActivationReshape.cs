using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// Turns a captured value into N×C×H×W before methods see it (pytorch-grad-cam's
/// reshape_transform). Applied identically to activations and gradients.
/// </summary>
public abstract class ActivationReshape
{
    public abstract Tensor Apply(Tensor value, string name);
}

/// <summary>
/// Transformer tokens [N, T, C] to a map [N, C, h, w]: the first <see cref="ExtraTokens"/>
/// tokens (class, distillation) are dropped and the rest form an h×w row-major grid. Swin-style
/// channels-last maps [N, h, w, C] are transposed. With <paramref name="frames"/> the grid is a
/// video transformer's frames×h×w (MViT) and the result a volume [N, C, frames, h, w].
/// </summary>
public sealed class TokenGridReshape(int extraTokens = 1, (int Height, int Width)? grid = null, int? frames = null) : ActivationReshape
{
    public int ExtraTokens { get; } = extraTokens;

    public override Tensor Apply(Tensor value, string name)
    {
        if (value.Rank == 4) return ChannelsLastToFirst(value);
        if (value.Rank != 3) throw new InputException($"Layer '{name}' has shape [{ShapeUtil.Format(value.Shape)}]; a token layout needs [N, tokens, C].");
        int n = value.Shape[0], t = value.Shape[1], c = value.Shape[2], tokens = t - ExtraTokens;
        if (frames is not null && grid is null) throw new InputException($"Layer '{name}': a video token grid needs its height and width as well as its {frames} frames.");
        var (h, w) = grid ?? SquareGrid(tokens, name, t);
        int d = frames ?? 1;
        if (d * h * w != tokens)
            throw new InputException($"Layer '{name}' has {t} tokens; {ExtraTokens} extra + a {(frames is null ? "" : $"{d}×")}{h}×{w} grid = {ExtraTokens + d * h * w}. Give the number of extra tokens or the token grid.");
        var result = Tensor.Uninitialized(DataType.Float32, frames is null ? [n, c, h, w] : [n, c, d, h, w]);
        var src = value.Floats;
        var dst = result.Floats;
        for (int b = 0; b < n; b++)
            for (int k = 0; k < tokens; k++)
                for (int ch = 0; ch < c; ch++)
                    dst[(b * c + ch) * tokens + k] = src[(b * t + ExtraTokens + k) * c + ch];
        return result;
    }

    private (int, int) SquareGrid(int tokens, string name, int total)
    {
        int side = (int)System.Math.Round(System.Math.Sqrt(System.Math.Max(tokens, 0)));
        if (side * side == tokens && side > 0) return (side, side);
        throw new InputException($"Layer '{name}' has {total} tokens, which fit no square grid after dropping {ExtraTokens} extra token(s). Tried: {GridsTried(total)}. Give the number of extra tokens or the token grid.");
    }

    /// <summary>What 0, 1 and 2 extra tokens would leave ("1 extra + 8×8"), for messages.</summary>
    internal static string GridsTried(int tokens) => string.Join("; ", Enumerable.Range(0, 3).Select(extra =>
    {
        int rest = tokens - extra, s = (int)System.Math.Round(System.Math.Sqrt(System.Math.Max(rest, 0)));
        return s * s == rest && s > 0 ? $"{extra} extra + {s}×{s}" : $"{extra} extra + no square grid for {rest}";
    }));

    internal static Tensor ChannelsLastToFirst(Tensor value)
    {
        int n = value.Shape[0], h = value.Shape[1], w = value.Shape[2], c = value.Shape[3];
        var result = Tensor.Uninitialized(DataType.Float32, [n, c, h, w]);
        var src = value.Floats;
        var dst = result.Floats;
        for (int b = 0; b < n; b++)
            for (int p = 0; p < h * w; p++)
                for (int ch = 0; ch < c; ch++)
                    dst[(b * c + ch) * h * w + p] = src[(b * h * w + p) * c + ch];
        return result;
    }
}

/// <summary>Swin-style channels-last maps [N, h, w, C] read as [N, C, h, w].</summary>
public sealed class ChannelsLastReshape : ActivationReshape
{
    public override Tensor Apply(Tensor value, string name) =>
        value.Rank == 4 ? TokenGridReshape.ChannelsLastToFirst(value)
            : throw new InputException($"Layer '{name}' has shape [{ShapeUtil.Format(value.Shape)}]; a channels-last layout needs [N, H, W, C].");
}
