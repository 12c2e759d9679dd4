using CamSharp.Imaging.Preprocessing;

namespace CamSharp.Application;

/// <summary>
/// The transform torchvision's video weights carry (<c>VideoClassification(crop_size, resize_size,
/// mean, std)</c>), told apart by the graph: the crop is the model's H×W; R3D, MC3 and R(2+1)D
/// (112×112) resize to 128×171, S3D (a 3-D CNN at 224×224) to 256×256, MViT (a video transformer
/// with a class token) its short side to 256 with mean 0.45 and std 0.225. Other sizes keep the
/// <see cref="PreprocessOptions.Kinetics"/> rule (short side at the crop's ÷ 0.875).
/// </summary>
internal static class VideoPreprocess
{
    private const string Source = "a video model (N×C×T×H×W input), no metadata: torchvision's";

    public static (PreprocessOptions Options, string Reason) For(VideoInput video, LayerChoice? camLayer)
    {
        ArgumentNullException.ThrowIfNull(video);
        var kinetics = PreprocessOptions.Kinetics;
        string crop = $"centre crop {video.Height}x{video.Width}";
        if (camLayer?.TokenFrames is not null)
            return (kinetics with { Mean = [0.45f, 0.45f, 0.45f], Std = [0.225f, 0.225f, 0.225f] },
                $"{Source} MViT transform (a video transformer with a class token): short side to {kinetics.CropResizeFor(video.Height, video.Width)[0]}, {crop}, mean 0.45, std 0.225");
        if (video is { Height: 112, Width: 112 })
            return (kinetics with { ResizeSize = [128, 171] }, $"{Source} R3D/MC3/R(2+1)D transform: resize to 128x171, {crop}, Kinetics-400 mean and std");
        if (video is { Height: 224, Width: 224 })
            return (kinetics with { ResizeSize = [256, 256] }, $"{Source} S3D transform: resize to 256x256, {crop}, Kinetics-400 mean and std");
        return (kinetics, $"{Source} Kinetics-400 convention: short side to the input's ÷ 0.875, {crop}");
    }
}
