using CamSharp.Imaging;

namespace CamSharp.Detection;

/// <summary>Draws kept boxes with MMYOLO-style <c>name: 96.3</c> labels, one colour per class.</summary>
public static class DetectionPainter
{
    private static readonly Rgb[] Palette =
    [
        new(220, 20, 60), new(0, 130, 200), new(60, 180, 75), new(255, 140, 0), new(145, 30, 180),
        new(0, 190, 190), new(240, 50, 230), new(170, 110, 40), new(128, 128, 0), new(0, 0, 128),
    ];

    public static Rgb ColorOf(int classIndex) => Palette[(classIndex % Palette.Length + Palette.Length) % Palette.Length];

    /// <summary>The label drawn for a box: its name and score in percent.</summary>
    public static string Label(Detection d, IReadOnlyList<string>? names) =>
        $"{(names is not null && d.Class < names.Count ? names[d.Class] : $"class {d.Class}")}: {d.Score * 100:0.0}";

    /// <summary>Draws the boxes (original-image pixels) on a copy of the image; labels never cover one another, the best-scoring box's goes first.</summary>
    public static RgbImage Draw(RgbImage image, IEnumerable<Detection> detections, IReadOnlyList<string>? names)
    {
        var canvas = image.Clone();
        int thickness = Math.Max(1, Math.Min(image.Width, image.Height) / 300);
        int size = Math.Max(Imaging.Draw.DefaultTextSize, Math.Min(image.Width, image.Height) / 36);
        var boxes = detections.OrderByDescending(d => d.Score).Select(d => new LabeledBox(
            (int)Math.Round(d.Box.X0), (int)Math.Round(d.Box.Y0), (int)Math.Round(d.Box.X1), (int)Math.Round(d.Box.Y1), Label(d, names), ColorOf(d.Class))).ToArray();
        Imaging.Draw.BoxesWithLabels(canvas, boxes, thickness, size);
        return canvas;
    }
}
