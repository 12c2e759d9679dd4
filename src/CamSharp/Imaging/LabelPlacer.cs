namespace CamSharp.Imaging;

/// <summary>
/// Places box labels so that none hides another: each label tries, in order, above its box,
/// inside its top edge, below it, inside its bottom edge, then the same at the right edge;
/// each spot is pulled inside the image. When every spot touches a label placed before it, the
/// spots are tried again moved up and down by whole label heights; failing that, the spot
/// that covers the least is taken. Earlier labels keep their place, so callers list the most
/// important boxes first.
/// </summary>
public static class LabelPlacer
{
    /// <summary>How many label heights a spot may move up or down in search of free room.</summary>
    public const int MaxShifts = 12;

    /// <summary>Where each label goes, as its rectangle in the image.</summary>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="labels">Each label's box (the thing labelled) and the label's own size.</param>
    public static PixelRect[] Place(int width, int height, IReadOnlyList<(PixelRect Box, (int Width, int Height) Size)> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var placed = new PixelRect[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            var (box, (w, h)) = labels[i];
            var spots = Spots(box, w, h);
            PixelRect? free = null;
            for (int shift = 0; shift <= MaxShifts && free is null; shift++)
                foreach (int sign in shift == 0 ? new[] { 1 } : new[] { 1, -1 })
                {
                    free = spots.Select(s => Inside(s.X, s.Y + sign * shift * h, w, h, width, height))
                        .Cast<PixelRect?>().FirstOrDefault(r => !Collides(r!.Value, placed.AsSpan(0, i)));
                    if (free is not null) break;
                }
            placed[i] = free ?? spots.Select(s => Inside(s.X, s.Y, w, h, width, height)).MinBy(r => Covered(r, placed.AsSpan(0, i)).Sum());
        }
        return placed;
    }

    /// <summary>The preferred top-left corners for a w×h label of <paramref name="box"/>, best first.</summary>
    private static (int X, int Y)[] Spots(PixelRect box, int w, int h) =>
    [
        (box.X0, box.Y0 - h), (box.X0, box.Y0), (box.X0, box.Y1), (box.X0, box.Y1 - h),
        (box.X1 - w, box.Y0 - h), (box.X1 - w, box.Y0), (box.X1 - w, box.Y1), (box.X1 - w, box.Y1 - h),
    ];

    /// <summary>The label moved the least distance that puts it inside the image (its top-left corner wins when it is larger).</summary>
    private static PixelRect Inside(int x, int y, int w, int h, int width, int height)
    {
        x = Math.Max(0, Math.Min(x, width - w));
        y = Math.Max(0, Math.Min(y, height - h));
        return new PixelRect(x, y, x + w, y + h);
    }

    private static bool Collides(PixelRect r, ReadOnlySpan<PixelRect> placed)
    {
        foreach (var p in placed) if (r.Overlaps(p)) return true;
        return false;
    }

    private static List<long> Covered(PixelRect r, ReadOnlySpan<PixelRect> placed)
    {
        var areas = new List<long>(placed.Length);
        foreach (var p in placed) areas.Add(r.OverlapArea(p));
        return areas;
    }
}
