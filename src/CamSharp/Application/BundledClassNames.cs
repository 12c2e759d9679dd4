using System.Reflection;

namespace CamSharp.Application;

/// <summary>
/// The class-name lists CamSharp ships (see <c>Resources/README.md</c> for where they come
/// from), used when a model with the matching number of classes names none itself.
/// </summary>
public static class BundledClassNames
{
    private static readonly Lazy<IReadOnlyList<string>> ImageNetLazy = new(() => Read("imagenet1k_classes.txt"));
    private static readonly Lazy<IReadOnlyList<string>> CocoLazy = new(() => Read("coco80_classes.txt"));
    private static readonly Lazy<IReadOnlyList<string>> Coco91Lazy = new(() => Read("coco91_classes.txt"));
    private static readonly Lazy<IReadOnlyList<string>> VocLazy = new(() => Read("voc21_classes.txt"));

    /// <summary>The 1000 ImageNet-1k classes in torchvision's index order.</summary>
    public static IReadOnlyList<string> ImageNet => ImageNetLazy.Value;

    /// <summary>The 80 COCO detection classes in contiguous order (Ultralytics, MMDetection).</summary>
    public static IReadOnlyList<string> Coco => CocoLazy.Value;

    /// <summary>torchvision's 91 COCO category ids (background first, "N/A" for unused ids), as its detection models number labels.</summary>
    public static IReadOnlyList<string> Coco91 => Coco91Lazy.Value;

    /// <summary>Pascal VOC's 20 classes after the background, as torchvision's segmenters number them.</summary>
    public static IReadOnlyList<string> Voc => VocLazy.Value;

    /// <summary>The list for a model kind and class count, with its name, or null.</summary>
    public static (IReadOnlyList<string> Names, string Source)? For(ModelKind kind, int classes) => (kind, classes) switch
    {
        (ModelKind.Classifier, 1000) => (ImageNet, "ImageNet-1k (bundled)"),
        (ModelKind.Detector, 80) => (Coco, "COCO-80 (bundled)"),
        (ModelKind.Detector, 91) => (Coco91, "COCO-91, torchvision's category ids (bundled)"),
        (ModelKind.SemanticSegmenter, 21) => (Voc, "Pascal VOC (bundled)"),
        _ => null,
    };

    private static IReadOnlyList<string> Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CamSharp.Resources." + file)
            ?? throw new InvalidOperationException($"The bundled resource {file} is missing from the CamSharp assembly.");
        using var reader = new StreamReader(stream);
        return Array.AsReadOnly(reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray());
    }
}
