using CamSharp.Imaging;

namespace CamSharp.Cli;

/// <summary>
/// An image is run when its forward pass and its picture fit --max-memory together. The engine
/// checks the pass and the decoder checks the picture, each against the whole budget, so a
/// large image through a model of dynamic size passed both and took their sum (ResNet-18 on a
/// 3000×2000 JPEG: 1.7 GB at --max-memory 1G). Under --workers the budget is the worker's share.
/// </summary>
internal static class MemoryAdmission
{
    public static void Check(Model model, int imageHeight, int imageWidth, int inputHeight, int inputWidth, string source)
    {
        if (model.Input.Shape is not [_, var c, _, _]) return; // not an image model (video, tokens): the engine's check alone
        long pass = model.Session.GetPlan(1, c > 0 ? c : 3, inputHeight, inputWidth).PeakBytes;
        long picture = (long)imageHeight * imageWidth * (3 + ImageDecoder.DrawingBytesPerPixel);
        long budget = model.Limits.MemoryBytes;
        if (pass + picture > budget)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), pass + picture, budget,
                $"{source}: a {imageWidth}x{imageHeight} image run at {inputWidth}x{inputHeight} needs {ResourceLimits.FormatBytes(pass)} of tensors " +
                $"and {ResourceLimits.FormatBytes(picture)} for its picture, over the memory budget of {ResourceLimits.FormatBytes(budget)}.");
    }
}
