using CamSharp.Engine;
using CamSharp.Imaging;

namespace CamSharp.Detection;

/// <summary>Box-level map helpers: MMYOLO's per-box normalisation and the detector's default CAM layers.</summary>
public static class BoxMaps
{
    /// <summary>
    /// MMYOLO's <c>--norm-in-bbox</c>: each box's region min–max scaled on its own, the maximum
    /// over boxes, zero outside every box, then scaled again. Boxes are in the map's pixels.
    /// </summary>
    public static FloatMap NormalizeInBoxes(FloatMap map, IEnumerable<DetectionBox> boxes)
    {
        var result = new FloatMap(map.Width, map.Height);
        foreach (var box in boxes)
        {
            int x0 = Math.Clamp((int)Math.Floor(box.X0), 0, map.Width), x1 = Math.Clamp((int)Math.Ceiling(box.X1), 0, map.Width);
            int y0 = Math.Clamp((int)Math.Floor(box.Y0), 0, map.Height), y1 = Math.Clamp((int)Math.Ceiling(box.Y1), 0, map.Height);
            if (x1 <= x0 || y1 <= y0) continue;
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    min = Math.Min(min, map[x, y]);
                    max = Math.Max(max, map[x, y]);
                }
            for (int y = y0; y < y1; y++)
                for (int x = x0; x < x1; x++)
                {
                    float v = (map[x, y] - min) / (1e-7f + max - min);
                    if (v > result[x, y]) result[x, y] = v;
                }
        }
        Explain.MapMath.MinMax(result.Data);
        return result;
    }

    /// <summary>
    /// The inputs of the detection head: values read by the last top-level module that come
    /// from other modules (for Ultralytics exports, what feeds <c>model.22</c>). Null when the
    /// export has no module scopes.
    /// </summary>
    public static IReadOnlyList<string>? HeadInputs(Model model)
    {
        var head = model.Modules.TopLevel.LastOrDefault();
        if (head is null) return null;
        var inside = head.Nodes.SelectMany(n => n.Outputs).ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var node in head.Nodes)
            foreach (var v in node.Inputs.Select(model.Modules.Unquantized))
                if (v.Length > 0 && !inside.Contains(v) && model.Modules.IsActivation(v) && !result.Contains(v) && v != model.Session.InputName)
                    result.Add(v);
        return result.Count > 0 ? result : null;
    }
}
