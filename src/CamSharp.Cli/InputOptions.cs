using System.CommandLine;
using CamSharp.Imaging;
using CamSharp.Imaging.Preprocessing;
using CamSharp.Tensors;

namespace CamSharp.Cli;

/// <summary>
/// The options that say how an image becomes the model's input tensor, declared once and
/// added to every command that runs a model.
/// </summary>
internal sealed class InputOptions
{
    public Option<string?> InputTensor { get; } = CommonOptions.InputTensor();
    public Option<string?> Preprocess { get; } = CommonOptions.Preprocess();
    public Option<int[]?> InputSize { get; } = CommonOptions.InputSize();
    public Option<float[]?> Mean { get; } = CommonOptions.Mean();
    public Option<float[]?> Std { get; } = CommonOptions.Std();
    public Option<bool> Bgr { get; } = CommonOptions.Bgr();
    public Option<string?> Letterbox { get; } = CommonOptions.Letterbox();
    public Option<int?> PadValue { get; } = CommonOptions.PadValue();
    public Option<float?> Scale { get; } = CommonOptions.Scale();
    public Option<string?> SaveInput { get; } = OutputFiles.Checked(new Option<string?>("--save-input") { Description = "Save the exact tensor fed to the model as .npy." });
    public Option<string?> MaxMemory { get; } = CommonOptions.MaxMemory();
    public Option<string?> Device { get; } = CommonOptions.Device();

    /// <summary>Frames per clip for a video model that leaves T dynamic; added by the commands that read frames (cam, run), not by <see cref="AddTo"/>.</summary>
    public Option<int?> Frames { get; } = new("--frames")
    {
        Description = "For a video model [N, 3, T, H, W]: frames per clip when the model leaves T dynamic (else its own T). "
            + "Images are read as consecutive frames (a folder: by natural name order, frame2 before frame10), each resized and centre-cropped to the model's H×W as torchvision's video weights do; "
            + "their count must be a whole number of clips (never padded or cut), and each clip gives one output. "
            + "Without --preprocess, video models get torchvision's Kinetics mean and std (preset 'kinetics').",
    };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { InputTensor, Preprocess, InputSize, Mean, Std, Bgr, Letterbox, PadValue, Scale, SaveInput, MaxMemory, Device })
            command.Options.Add(o);
    }

    /// <summary>Loads the model under the limits the options give (--max-memory).</summary>
    public Model LoadModel(ParseResult parsed, string path) => CommonOptions.LoadModel(parsed, MaxMemory, path);

    /// <summary>The preset from --preprocess or the model's metadata, with the overriding flags applied.</summary>
    public PreprocessOptions Resolve(ParseResult parsed, Model model)
    {
        string? name = parsed.GetValue(Preprocess);
        // Without --preprocess, the model's profile decides (metadata, then exporters' conventions).
        // The profile's own preset when named again: it carries the architecture's details (a video model's resize).
        var options = name is null || string.Equals(name, model.Profile.Preprocess.Preset, StringComparison.OrdinalIgnoreCase)
            ? model.Profile.Preprocess
            : Wrap(() => PreprocessOptions.FromName(name));

        if (parsed.GetValue(Mean) is { Length: > 0 } mean) options = options with { Mean = mean };
        if (parsed.GetValue(Std) is { Length: > 0 } std) options = options with { Std = std };
        if (parsed.GetValue(Bgr)) options = options with { Bgr = true };
        if (parsed.GetValue(Scale) is { } scale) options = options with { Scale = scale };
        if (parsed.GetValue(PadValue) is { } pad)
            options = options with { PadValue = pad is >= 0 and <= 255 ? (byte)pad : throw new CliException($"--pad-value must be 0..255, got {pad}.") };
        if (parsed.GetValue(Letterbox) is { } lb)
            options = options with
            {
                Geometry = lb.ToLowerInvariant() switch
                {
                    "center" or "centre" => Geometry.LetterboxCenter,
                    "top-left" or "topleft" => Geometry.LetterboxTopLeft,
                    _ => throw new CliException($"--letterbox must be 'center' or 'top-left', got '{lb}'."),
                },
            };
        return options;
    }

    /// <summary>--input-size as given, checked for shape only.</summary>
    public (int Height, int Width)? RequestedSize(ParseResult parsed)
    {
        if (parsed.GetValue(InputSize) is not { Length: > 0 } size) return null;
        if (size.Length != 2 || size[0] <= 0 || size[1] <= 0) throw new CliException("--input-size needs two positive numbers: H W.");
        return (size[0], size[1]);
    }

    /// <summary>The network input size by the library's one rule (<see cref="CamSharp.Application.InputSizePolicy"/>).</summary>
    public (int Height, int Width) InputSizeFor(ParseResult parsed, Model model, RgbImage? image) =>
        CamSharp.Application.InputSizePolicy.For(model, RequestedSize(parsed), image is null ? null : (image.Height, image.Width));

    /// <summary>Reads --input-tensor: a float32 NCHW .npy (NCDHW: a video model's clip).</summary>
    public Tensor ReadTensor(string tensorPath, long maxBytes = ResourceLimits.DefaultMemoryBytes)
    {
        var tensor = Npy.ReadFile(tensorPath, maxBytes).ToTensor();
        if (tensor.Type != DataType.Float32 || tensor.Rank is not (4 or 5))
            throw new CliException($"{tensorPath}: expected a float32 NCHW tensor (NCDHW for a video model), got {tensor.Type} [{ShapeUtil.Format(tensor.Shape)}].");
        if (tensor.Length == 0)
            throw new CliException($"{tensorPath}: the tensor [{ShapeUtil.Format(tensor.Shape)}] holds no values (a dimension is 0).");
        return tensor;
    }

    /// <summary>Loads the input: a prepared tensor (--input-tensor) or a decoded, preprocessed image.</summary>
    public LoadedInput Load(ParseResult parsed, Model model, string? imagePath)
    {
        string? tensorPath = parsed.GetValue(InputTensor);
        LoadedInput input;
        if (tensorPath is not null)
        {
            if (imagePath is not null) throw new CliException("Give either an image or --input-tensor, not both.");
            var tensor = ReadTensor(tensorPath, model.Limits.MemoryBytes);
            input = new LoadedInput(tensor, null, tensorPath);
        }
        else
        {
            if (imagePath is null) throw new CliException("Give an image file or --input-tensor x.npy.");
            if (CamSharp.Application.VideoInput.Of(model) is { } video)
                throw new CliException(ClipInputs.SingleImage(model, video, takesFrames: false));
            var image = ImageDecoder.Load(imagePath, model.Limits, ImageDecoder.DrawingBytesPerPixel);
            var (h, w) = InputSizeFor(parsed, model, image);
            CheckInputSize(model, h, w);
            MemoryAdmission.Check(model, image.Height, image.Width, h, w, imagePath);
            var options = Resolve(parsed, model);
            var prepared = Preprocessor.Prepare(image, h, w, options);
            input = new LoadedInput(prepared.Tensor, prepared, imagePath);
        }
        if (parsed.GetValue(SaveInput) is { } save) OutputFiles.WriteNpy(save, input.Tensor);
        return input;
    }

    /// <summary>A video model's clip from its frame files in time order, prepared as <see cref="Resolve"/> and --input-size say.</summary>
    public CamSharp.Application.PreparedClip LoadClip(ParseResult parsed, Model model, IReadOnlyList<string> frames)
    {
        var video = CamSharp.Application.VideoInput.Of(model) ?? throw new CliException($"{model.Source} takes one image, not a clip of frames.");
        var (h, w) = video.SizeFor(model.Source, RequestedSize(parsed));
        var images = frames.Select(f => ImageDecoder.Load(f, model.Limits, ImageDecoder.DrawingBytesPerPixel)).ToArray();
        var clip = CamSharp.Application.PreparedClip.Prepare(images, h, w, Resolve(parsed, model));
        if (parsed.GetValue(SaveInput) is { } save) OutputFiles.WriteNpy(save, clip.Tensor);
        return clip;
    }

    /// <summary>The network input (3 float planes) must fit the budget before it is made.</summary>
    private static void CheckInputSize(Model model, int h, int w)
    {
        long bytes = ResourceLimits.BytesOf(DataType.Float32, [1, 3, h, w]);
        if (bytes > model.Limits.MemoryBytes)
            throw new ResourceLimitException(nameof(ResourceLimits.MemoryBytes), bytes, model.Limits.MemoryBytes,
                $"an input of {h}x{w} takes {ResourceLimits.FormatBytes(bytes)}, over the memory budget of {ResourceLimits.FormatBytes(model.Limits.MemoryBytes)} (--max-memory).");
    }

    private static PreprocessOptions Wrap(Func<PreprocessOptions> f)
    {
        try
        {
            return f();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"--preprocess: {e.Message}");
        }
    }
}

/// <summary>The tensor fed to the model, with the image and geometry when it came from an image.</summary>
internal sealed record LoadedInput(Tensor Tensor, PreparedInput? Image, string Name);
