using System.CommandLine;

namespace CamSharp.Cli;

/// <summary>Options shared by several commands, declared once.</summary>
internal static class CommonOptions
{
    public static readonly Option<bool> Verbose = new("--verbose", "-v")
    {
        Description = "Show stack traces and extra detail on errors.",
        Recursive = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print a machine-readable JSON summary." };

    public static Option<string?> InputTensor() => new("--input-tensor") { Description = "Feed a prepared NCHW float32 tensor (.npy) instead of an image." };

    public static Option<int[]?> InputSize() => new("--input-size")
    {
        Description = "Network input size H W (default: the model's static size, else the image's own size).",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Preprocess() => new("--preprocess")
    {
        Description = "Preprocessing preset: imagenet, yolo, caffe or raw (default: from model metadata, else imagenet).",
    };

    public static Option<float[]?> Mean() => new("--mean") { Description = "Per-channel mean (3 values), in the scaled units.", Arity = new ArgumentArity(3, 3), AllowMultipleArgumentsPerToken = true };

    public static Option<float[]?> Std() => new("--std") { Description = "Per-channel std (3 values).", Arity = new ArgumentArity(3, 3), AllowMultipleArgumentsPerToken = true };

    public static Option<bool> Bgr() => new("--bgr") { Description = "Feed channels in BGR order." };

    public static Option<string?> Letterbox() => new("--letterbox") { Description = "Letterbox placement: center or top-left (implies letterbox resizing)." };

    public static Option<int?> PadValue() => new("--pad-value") { Description = "Letterbox pad value (default 114)." };

    public static Option<float?> Scale() => new("--scale") { Description = "Divisor applied to 0..255 pixels (default 255; 1 keeps 0..255)." };

    public static Option<string?> Labels() => new("--labels") { Description = "Class names, one per line (default: model metadata, or ImageNet names for 1000 classes)." };

    /// <summary>--precise: float64 accumulation in Conv/Gemm/MatMul (slower; ReLU masks at near-ties decided as exact arithmetic would).</summary>
    public static Option<bool> Precise() => new("--precise")
    {
        Description = "Accumulate convolutions and matrix products in float64 (several times slower); use when maps or gradients must match a reference closely.",
    };
}
