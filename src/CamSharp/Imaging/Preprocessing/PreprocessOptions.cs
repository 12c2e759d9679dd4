namespace CamSharp.Imaging.Preprocessing;

/// <summary>How the image is fitted to the network input.</summary>
public enum Geometry
{
    /// <summary>Resize the whole image to the input size (aspect ratio not kept).</summary>
    Resize,

    /// <summary>Scale to fit, centred, pad the rest (YOLO).</summary>
    LetterboxCenter,

    /// <summary>Scale to fit at the top-left corner, pad the rest (YOLOX).</summary>
    LetterboxTopLeft,
}

/// <summary>
/// How an image becomes a model input tensor: geometry, channel order, and
/// <c>((pixel / Scale) − Mean[c]) / Std[c]</c> per channel in the order fed to the model.
/// </summary>
public sealed record PreprocessOptions
{
    public string Preset { get; init; } = "imagenet";

    public Geometry Geometry { get; init; } = Geometry.Resize;

    public bool Bgr { get; init; }

    /// <summary>Divisor applied to 0..255 pixels (255 gives 0..1; 1 keeps 0..255).</summary>
    public float Scale { get; init; } = 255f;

    public float[] Mean { get; init; } = [0f, 0f, 0f];

    public float[] Std { get; init; } = [1f, 1f, 1f];

    public byte PadValue { get; init; } = Letterbox.DefaultPadValue;

    /// <summary>Resize, RGB, /255, ImageNet mean and std (torchvision, MMPretrain).</summary>
    public static PreprocessOptions ImageNet { get; } = new()
    {
        Preset = "imagenet",
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    /// <summary>Centred letterbox with pad 114, RGB, /255 (Ultralytics).</summary>
    public static PreprocessOptions Yolo { get; } = new() { Preset = "yolo", Geometry = Geometry.LetterboxCenter };

    /// <summary>Resize, BGR, 0..255 minus the Caffe means (104, 117, 123) in B, G, R order.</summary>
    public static PreprocessOptions Caffe { get; } = new() { Preset = "caffe", Bgr = true, Scale = 1f, Mean = [104f, 117f, 123f] };

    /// <summary>Resize, RGB, /255.</summary>
    public static PreprocessOptions Raw { get; } = new() { Preset = "raw" };

    /// <summary>A preset by name (case-insensitive), with a message listing the valid names.</summary>
    public static PreprocessOptions FromName(string name) => name.ToLowerInvariant() switch
    {
        "imagenet" => ImageNet,
        "yolo" => Yolo,
        "caffe" => Caffe,
        "raw" => Raw,
        _ => throw new ArgumentException($"Unknown preprocessing preset '{name}'; use imagenet, yolo, caffe or raw."),
    };

    public override string ToString()
    {
        string geometry = Geometry switch
        {
            Geometry.Resize => "resize",
            Geometry.LetterboxCenter => $"letterbox (centred, pad {PadValue})",
            _ => $"letterbox (top-left, pad {PadValue})",
        };
        return $"{Preset}: {geometry}, {(Bgr ? "BGR" : "RGB")}, /{Scale:G}, mean [{string.Join(", ", Mean)}], std [{string.Join(", ", Std)}]";
    }
}
