using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CamSharp.Application;

/// <summary>The profile as the lines <c>camsharp layers</c> prints above the layer tree, and as JSON.</summary>
public static class ModelProfileFormatter
{
    public static string Format(ModelProfile p)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"kind:          {Kind(p.Kind)} ({p.KindReason}){(p.Head is { } h ? $", head {Detection.HeadKinds.Name(h)}" : "")}");
        sb.AppendLine($"input:         {Frames(p)}{p.InputSize.Height}x{p.InputSize.Width}{(p.FixedInputSize ? "" : " (dynamic; the usual size shown)")}");
        sb.AppendLine($"preprocessing: {p.Preprocess} ({p.PreprocessReason})");
        sb.AppendLine($"classes:       {(p.Classes is int k ? k.ToString(System.Globalization.CultureInfo.InvariantCulture) : "-")}{(p.ClassNamesSource is { } s ? $", names from {s}" : ", no names")}");
        sb.AppendLine(p.CamLayer is { } c
            ? $"cam layer:     {c.Name} [{c.Layout}{Tokens(c)}]: {c.Reason}"
            : "cam layer:     none found; name one with its module path");
        sb.AppendLine($"featmap:       {string.Join(" ", p.FeatureLayers)}");
        sb.AppendLine($"target:        {p.DefaultTarget}");
        foreach (var w in p.Warnings) sb.AppendLine($"warning:       {w}");
        return sb.ToString();
    }

    /// <summary>"clips of 8 frames of " for a video model (T dynamic: "clips of T frames of "), nothing for a model of pictures.</summary>
    private static string Frames(ModelProfile p) => p.Video is { } v
        ? $"clips of {v.DeclaredFrames?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "T"} frames of "
        : "";

    public static JsonObject ToJson(ModelProfile p) => new()
    {
        ["kind"] = Kind(p.Kind),
        ["kind_reason"] = p.KindReason,
        ["head"] = p.Head is { } h ? Detection.HeadKinds.Name(h) : null,
        ["input_size"] = new JsonArray(p.InputSize.Height, p.InputSize.Width),
        ["fixed_input_size"] = p.FixedInputSize,
        ["video"] = p.Video is { } v ? new JsonObject { ["frames"] = v.DeclaredFrames } : null,
        ["preprocess"] = new JsonObject
        {
            ["preset"] = p.Preprocess.Preset,
            ["geometry"] = p.Preprocess.Geometry.ToString(),
            ["resize_size"] = p.Preprocess.Geometry == Imaging.Preprocessing.Geometry.ResizeCentreCrop
                ? new JsonArray(p.Preprocess.CropResizeFor(p.InputSize.Height, p.InputSize.Width).Select(v => (JsonNode?)v).ToArray())
                : null,
            ["bgr"] = p.Preprocess.Bgr,
            ["scale"] = p.Preprocess.Scale,
            ["mean"] = new JsonArray(p.Preprocess.Mean.Select(v => (JsonNode?)v).ToArray()),
            ["std"] = new JsonArray(p.Preprocess.Std.Select(v => (JsonNode?)v).ToArray()),
            ["reason"] = p.PreprocessReason,
        },
        ["classes"] = p.Classes,
        ["class_names_source"] = p.ClassNamesSource,
        ["cam_layer"] = p.CamLayer is { } c
            ? new JsonObject
            {
                ["name"] = c.Name,
                ["values"] = new JsonArray(c.Values.Select(v => (JsonNode?)v).ToArray()),
                ["layout"] = c.Layout.ToString(),
                ["extra_tokens"] = c.Layout == FeatureLayout.Tokens ? c.ExtraTokens : null,
                ["token_grid"] = c.TokenGrid is var (gh, gw) ? c.TokenFrames is int gd ? new JsonArray(gd, gh, gw) : new JsonArray(gh, gw) : null,
                ["reason"] = c.Reason,
            }
            : null,
        ["featmap_layers"] = new JsonArray(p.FeatureLayers.Select(v => (JsonNode?)v).ToArray()),
        ["default_target"] = p.DefaultTarget,
        ["warnings"] = new JsonArray(p.Warnings.Select(v => (JsonNode?)v).ToArray()),
    };

    public static string Kind(ModelKind kind) => kind switch
    {
        ModelKind.SemanticSegmenter => "semantic segmenter",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Tokens(LayerChoice c) =>
        c.Layout != FeatureLayout.Tokens ? "" : c.TokenGrid is var (h, w) ? $", {c.ExtraTokens} extra + {(c.TokenFrames is int d ? $"{d}x" : "")}{h}x{w}" : ", no grid";

    internal static string Json(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
