using System.CommandLine;
using System.CommandLine.Parsing;
using CamSharp.Imaging;

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

    public static Option<string?> InputTensor() => new("--input-tensor") { Description = "Feed a prepared NCHW float32 tensor (.npy; NCTHW for a video model) instead of an image." };

    public static Option<int[]?> InputSize()
    {
        var option = new Option<int[]?>("--input-size")
        {
            Description = "Network input size H W (default: the model's static size, else the image's own size).",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        // Wrong on its own: refused when parsed, not once per image after the model loaded.
        option.Validators.Add(result =>
        {
            if (TryValue<int[]?>(result, out var size) && size is { } s && s.Any(v => v <= 0))
                result.AddError($"--input-size needs two positive numbers: H W; got {string.Join(" ", s)}.");
        });
        return option;
    }

    public static Option<string?> Preprocess() => new("--preprocess")
    {
        Description = "Preprocessing preset: imagenet, kinetics (torchvision's video models), yolo, yolox, caffe or raw (default: chosen from the model; see 'camsharp layers').",
    };

    public static Option<float[]?> Mean() => Finite(new("--mean") { Description = "Per-channel mean (3 values), in the scaled units.", Arity = new ArgumentArity(3, 3), AllowMultipleArgumentsPerToken = true }, allowZero: true);

    public static Option<float[]?> Std() => Finite(new("--std") { Description = "Per-channel std (3 values).", Arity = new ArgumentArity(3, 3), AllowMultipleArgumentsPerToken = true }, allowZero: false, positive: true);

    /// <summary>Values that must be finite (and non-zero unless <paramref name="allowZero"/>), checked when the command line is parsed.</summary>
    private static Option<float[]?> Finite(Option<float[]?> option, bool allowZero, bool positive = false)
    {
        option.Validators.Add(result =>
        {
            if (!TryValue<float[]?>(result, out var values)) return;
            var bad = (values ?? []).Where(v => !float.IsFinite(v) || !allowZero && v == 0 || positive && v < 0).ToArray();
            if (bad.Length > 0)
                result.AddError($"{option.Name} values must be finite{(positive ? " and positive" : allowZero ? "" : " and non-zero")}, got {bad[0].ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        });
        return option;
    }

    /// <summary>
    /// The option's value for a validator, or false when the text did not convert ('NaN' or ''
    /// for an integer): the parser reports that error itself, and asking for the value throws.
    /// </summary>
    internal static bool TryValue<T>(OptionResult result, out T value)
    {
        try
        {
            value = result.GetValueOrDefault<T>();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = default!;
            return false;
        }
    }

    /// <summary>A number option that must lie in [<paramref name="min"/>, <paramref name="max"/>], checked when the command line is parsed.</summary>
    public static Option<T> InRange<T>(Option<T> option, T min, T max) where T : struct, IComparable<T>
    {
        option.Validators.Add(result =>
        {
            if (!TryValue<T>(result, out var v)) return;
            if (v.CompareTo(min) < 0 || v.CompareTo(max) > 0 || v is float f && !float.IsFinite(f))
                result.AddError($"{option.Name} must be in {min}..{max}, got {v}.");
        });
        return option;
    }

    public static Option<bool> Bgr() => new("--bgr") { Description = "Feed channels in BGR order." };

    public static Option<string?> Letterbox() => new("--letterbox") { Description = "Letterbox placement: center or top-left (implies letterbox resizing)." };

    public static Option<int?> PadValue() => new("--pad-value") { Description = "Letterbox pad value (default 114)." };

    public static Option<float?> Scale()
    {
        var option = new Option<float?>("--scale") { Description = "Divisor applied to 0..255 pixels (default 255; 1 keeps 0..255)." };
        option.Validators.Add(result =>
        {
            if (TryValue<float?>(result, out var value) && value is { } s && !(s > 0 && float.IsFinite(s)))
                result.AddError($"--scale must be a positive number, got {s.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        });
        return option;
    }

    /// <summary>--max-memory: the memory budget of one forward pass (checked when a plan is made).</summary>
    public static Option<string?> MaxMemory()
    {
        var option = new Option<string?>("--max-memory")
        {
            Description = $"Memory budget of one forward pass, e.g. 512M or 4G (default {ResourceLimits.FormatBytes(ResourceLimits.DefaultMemoryBytes)}).",
        };
        option.Validators.Add(result =>
        {
            if (TryValue<string?>(result, out var text) && text is not null && !ResourceLimits.TryParseBytes(text, out _))
                result.AddError($"--max-memory must be a size such as 512M, 4G or 1000000 (bytes), got '{text}'.");
        });
        return option;
    }

    /// <summary>The limits a command runs under: the defaults with --max-memory applied.</summary>
    public static ResourceLimits Limits(ParseResult parsed, Option<string?> maxMemory) =>
        parsed.GetValue(maxMemory) is { } text && ResourceLimits.TryParseBytes(text, out long bytes)
            ? new ResourceLimits { MemoryBytes = bytes }
            : ResourceLimits.Default;

    /// <summary>Loads a model under the command's limits.</summary>
    public static Model LoadModel(ParseResult parsed, Option<string?> maxMemory, string path) =>
        Model.Load(path, new Onnx.OnnxLoadOptions { Limits = Limits(parsed, maxMemory) });

    /// <summary>
    /// --device, as the Python tools spell it: 'cpu' is accepted and changes nothing; a GPU is
    /// refused when the command line is parsed, so nobody waits for a run they did not ask for.
    /// </summary>
    public static Option<string?> Device()
    {
        var option = new Option<string?>("--device") { Description = "Accepted for the Python tools' command lines: 'cpu' (the default and the only device; CamSharp runs on the CPU)." };
        option.Validators.Add(result =>
        {
            string? device = result.GetValueOrDefault<string?>();
            if (device is null || device.Trim().Equals("cpu", StringComparison.OrdinalIgnoreCase)) return;
            result.AddError($"CamSharp runs on the CPU only: --device {device} is not available. Leave --device out, or give --device cpu.");
        });
        return option;
    }

    /// <summary>--workers: how many inputs of a folder are processed at once.</summary>
    public static Option<int> Workers()
    {
        var option = new Option<int>("--workers")
        {
            Description = "Inputs processed at once when there are several (default: the number of cores, at most 2).",
            DefaultValueFactory = _ => Math.Clamp(Environment.ProcessorCount, 1, 2),
        };
        option.Validators.Add(result =>
        {
            if (TryValue<int>(result, out int n) && n < 1) result.AddError($"--workers must be at least 1, got {n}.");
        });
        return option;
    }

    public static Option<string?> Labels() => new("--labels") { Description = "Class names, one per line (default: model metadata, or ImageNet names for 1000 classes)." };

    public static Option<string> ColorMap() => new("--colormap") { Description = "jet, viridis, inferno, turbo, hot or gray.", DefaultValueFactory = _ => "jet" };

    /// <summary>A --colormap value as a colour map; an unknown name lists the valid ones.</summary>
    public static ColorMap ParseColorMap(string name) =>
        Enum.TryParse<ColorMapKind>(name, ignoreCase: true, out var kind) ? Imaging.ColorMap.Get(kind)
            : throw new CliException($"--colormap: unknown colour map '{name}'; use {string.Join(", ", Enum.GetNames<ColorMapKind>().Select(n => n.ToLowerInvariant()))}.");

    /// <summary>--precise: float64 accumulation in Conv/Gemm/MatMul (slower; ReLU masks at near-ties decided as exact arithmetic would).</summary>
    public static Option<bool> Precise() => new("--precise")
    {
        Description = "Accumulate convolutions and matrix products in float64 (several times slower); use when maps or gradients must match a reference closely.",
    };
}
