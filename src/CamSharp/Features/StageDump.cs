using CamSharp.Engine;
using CamSharp.Imaging;
using CamSharp.Onnx;

namespace CamSharp.Features;

/// <summary>
/// Ultralytics' <c>feature_visualization</c> (<c>predict(visualize=True)</c>): per stage, the
/// first n channels of image 0, 8 per row, each min–max scaled with viridis, saved as
/// <c>stage{i}_{Type}_features.png</c> next to all channels as <c>.npy</c>. Maps with H or W ≤ 1
/// are skipped, as Ultralytics does.
/// </summary>
public static class StageDump
{
    public const int ChannelsPerRow = 8;

    /// <summary>Smallest tile side in pixels: small maps are enlarged (nearest) so they stay visible.</summary>
    public const int MinTileSize = 64;

    /// <summary>
    /// White pixels between tiles: a twentieth of a tile (Ultralytics' <c>wspace=0.05</c>), at
    /// least 2, so the letterbox bars of neighbouring channels do not run together.
    /// </summary>
    public static int GapFor(int tileSide) => Math.Max(2, tileSide / 20);

    /// <summary>
    /// The stages to dump: the named modules (paths, value or node names), or every top-level
    /// module except those that make a graph output (the detection head), each with its
    /// index among the top-level modules, its last output and its type (<see cref="ModuleTypeNames"/>).
    /// </summary>
    public static IReadOnlyList<DumpStage> Stages(Model model, IReadOnlyList<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var top = model.Modules.TopLevel;
        if (names is { Count: > 0 })
            return names.Select((name, i) =>
            {
                var value = model.ResolveLayer(name)[^1];
                var module = model.Modules.Find(name);
                int index = module is null ? -1 : top.ToList().FindIndex(m => ReferenceEquals(m, module));
                return new DumpStage(index >= 0 ? index : i, name, value, TypeOf(model, module, value));
            }).ToArray();
        if (top.Count == 0) throw new InputException($"{model.Source} has no module scopes in its node names: name the modules to dump.");
        var graphOutputs = model.Onnx.Outputs.Select(o => o.Name).ToHashSet();
        return top.Select((module, i) => (Index: i, Module: module))
            .Where(s => s.Module.OutputValues.Count > 0 && !s.Module.OutputValues.Any(graphOutputs.Contains))
            .Select(s => new DumpStage(s.Index, s.Module.Path, s.Module.OutputValues[^1], TypeOf(model, s.Module, s.Module.OutputValues[^1]))).ToArray();
    }

    /// <summary>The module's class name when it is a module; else the op type making the value.</summary>
    private static string TypeOf(Model model, Module? module, string value) =>
        FileSafe(module is not null ? ModuleTypeNames.Of(module) : model.Modules.ProducerOf(value)?.OpType ?? "Input");

    /// <summary>Letters, digits and '_' only, so the type can go into a file name.</summary>
    private static string FileSafe(string type)
    {
        var s = new string(type.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_').ToArray());
        return s.Length == 0 ? "Module" : s.Length > 64 ? s[..64] : s;
    }

    /// <summary>Whether a map of this size is drawn (Ultralytics skips H or W ≤ 1).</summary>
    public static bool IsDrawable(int height, int width) => height > 1 && width > 1;

    /// <summary>The file stem for stage <paramref name="index"/>: <c>stage3_Conv_features</c>.</summary>
    public static string FileStem(int index, string type) => $"stage{index}_{type}_features";

    /// <summary>The first <paramref name="count"/> channels as viridis tiles, <see cref="ChannelsPerRow"/> per row.</summary>
    public static RgbImage ChannelGrid(ReadOnlySpan<float> chw, int channels, int height, int width, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        int n = Math.Min(count, channels);
        int scale = Math.Max(1, (MinTileSize + Math.Max(height, width) - 1) / Math.Max(height, width));
        var tiles = new RgbImage[n];
        for (int c = 0; c < n; c++)
        {
            var map = FeatureReductions.Channel(chw, channels, height, width, c);
            var tile = ColorMap.Viridis.Apply(HeatmapOverlay.NormalizeMinMaxToBytes(map.Data), width, height);
            tiles[c] = scale == 1 ? tile : ImageResize.Resize(tile, width * scale, height * scale, Interpolation.Nearest);
        }
        int columns = Math.Min(ChannelsPerRow, n);
        return ImageGrid.Tile(tiles, (n + columns - 1) / columns, columns, gap: GapFor(tiles[0].Width));
    }
}
