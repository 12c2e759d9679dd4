using CamSharp.Engine;

namespace CamSharp.Application;

/// <summary>
/// The one rule for the network input size, used by every command and the explainer: a model
/// that fixes its size gets that size (asking for another is an error, found before any
/// image is read); otherwise the size asked for, else the export's metadata (Ultralytics'
/// <c>imgsz</c>), else the image's own size.
/// </summary>
public static class InputSizePolicy
{
    public static (int Height, int Width) For(Model model, (int Height, int Width)? requested, (int Height, int Width)? image)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (requested is var (rh, rw) && (rh <= 0 || rw <= 0))
            throw new InputException($"An input size needs two positive numbers; got {rh}x{rw}.") { Parameter = "InputSize" };
        if (model.StaticInputSize is { } fixedSize)
        {
            if (requested is { } r && r != fixedSize)
                throw new InputException($"{model.Source} takes {fixedSize.Height}x{fixedSize.Width} inputs only; {r.Height}x{r.Width} was asked for.") { Parameter = "InputSize" };
            return fixedSize;
        }
        if (requested is { } asked) return asked;
        if (model.Onnx.ImageSize is [int h, int w]) return (h, w);
        return image ?? throw new InputException($"{model.Source} has a dynamic input size and no image to take it from: give the input size.") { Parameter = "InputSize" };
    }
}
