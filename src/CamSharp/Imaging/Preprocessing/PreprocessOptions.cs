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

    /// <summary>Resize to <see cref="PreprocessOptions.ResizeSize"/>, then cut the input size out of the centre (torchvision's video presets).</summary>
    ResizeCentreCrop,
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

    private readonly IReadOnlyList<float> _mean = Array.AsReadOnly(new[] { 0f, 0f, 0f });
    private readonly IReadOnlyList<float> _std = Array.AsReadOnly(new[] { 1f, 1f, 1f });

    /// <summary>Per-channel mean; a copy is kept, so presets handed out cannot be changed through it.</summary>
    public IReadOnlyList<float> Mean { get => _mean; init => _mean = Array.AsReadOnly(value.ToArray()); }

    /// <summary>Per-channel standard deviation; kept as a read-only copy like <see cref="Mean"/>.</summary>
    public IReadOnlyList<float> Std { get => _std; init => _std = Array.AsReadOnly(value.ToArray()); }

    public byte PadValue { get; init; } = Letterbox.DefaultPadValue;

    /// <summary>The centre crop's preceding resize: torchvision's <c>resize_size</c>, [short side] or [height, width]; null takes the short side at the input's longer side ÷ 0.875 (<see cref="CropResizeFor"/>).</summary>
    public IReadOnlyList<int>? ResizeSize
    {
        get => _resizeSize;
        init
        {
            if (value is not null) CentreCrop.CheckResizeSize(value, nameof(ResizeSize));
            _resizeSize = value is null ? null : Array.AsReadOnly(value.ToArray());
        }
    }

    private readonly IReadOnlyList<int>? _resizeSize;

    /// <summary>
    /// The resize before a centre crop of <paramref name="height"/>×<paramref name="width"/>: <see cref="ResizeSize"/>,
    /// or the short side at the crop's longer side ÷ 0.875, the ratio of every torchvision video preset (112 of 128,
    /// 224 of 256); the longer side, so that a crop that is not square still fits.
    /// </summary>
    public IReadOnlyList<int> CropResizeFor(int height, int width) =>
        ResizeSize ?? [(int)Math.Round(Math.Max(height, width) / CropFraction)];

    /// <summary>The share of the resized frame's short side a torchvision video preset keeps.</summary>
    public const double CropFraction = 0.875;

    /// <summary>Resize, RGB, /255, ImageNet mean and std (torchvision, MMPretrain).</summary>
    public static PreprocessOptions ImageNet { get; } = new()
    {
        Preset = "imagenet",
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
    };

    /// <summary>
    /// torchvision's video classifiers (<c>VideoClassification</c>): resize the short side to the
    /// input's ÷ 0.875, centre-crop the input size, RGB, /255, the Kinetics-400 mean and std. The
    /// model profile sets the exact resize of the architecture (R3D's 128×171, S3D's 256×256).
    /// </summary>
    public static PreprocessOptions Kinetics { get; } = new()
    {
        Preset = "kinetics",
        Geometry = Geometry.ResizeCentreCrop,
        Mean = [0.43216f, 0.394666f, 0.37645f],
        Std = [0.22803f, 0.22145f, 0.216989f],
    };

    /// <summary>Centred letterbox with pad 114, RGB, /255 (Ultralytics).</summary>
    public static PreprocessOptions Yolo { get; } = new() { Preset = "yolo", Geometry = Geometry.LetterboxCenter };

    /// <summary>Top-left letterbox with pad 114, BGR, 0..255 unscaled, no mean/std (YOLOX's own demo and export).</summary>
    public static PreprocessOptions Yolox { get; } = new() { Preset = "yolox", Geometry = Geometry.LetterboxTopLeft, Bgr = true, Scale = 1f };

    /// <summary>Resize, BGR, 0..255 minus the Caffe means (104, 117, 123) in B, G, R order.</summary>
    public static PreprocessOptions Caffe { get; } = new() { Preset = "caffe", Bgr = true, Scale = 1f, Mean = [104f, 117f, 123f] };

    /// <summary>Resize, RGB, /255.</summary>
    public static PreprocessOptions Raw { get; } = new() { Preset = "raw" };

    /// <summary>A preset by name (case-insensitive), with a message listing the valid names.</summary>
    public static PreprocessOptions FromName(string name) => name.ToLowerInvariant() switch
    {
        "imagenet" => ImageNet,
        "yolo" => Yolo,
        "yolox" => Yolox,
        "caffe" => Caffe,
        "raw" => Raw,
        "kinetics" => Kinetics,
        _ => throw new ArgumentException($"Unknown preprocessing preset '{name}'; use imagenet, kinetics, yolo, yolox, caffe or raw."),
    };

    public override string ToString()
    {
        string geometry = Geometry switch
        {
            Geometry.Resize => "resize",
            Geometry.LetterboxCenter => $"letterbox (centred, pad {PadValue})",
            Geometry.ResizeCentreCrop => ResizeSize switch
            {
                null => "short side to the input's ÷ 0.875, centre crop",
                [var side] => $"short side to {side}, centre crop",
                var hw => $"resize to {hw[0]}x{hw[1]}, centre crop",
            },
            _ => $"letterbox (top-left, pad {PadValue})",
        };
        return $"{Preset}: {geometry}, {(Bgr ? "BGR" : "RGB")}, /{Scale:G}, mean [{string.Join(", ", Mean)}], std [{string.Join(", ", Std)}]";
    }
}
