namespace CamSharp.Detection;

/// <summary>Class-aware greedy non-maximum suppression.</summary>
public static class Nms
{
    /// <summary>
    /// Visits boxes by score descending (ties: lower anchor first); a box not yet suppressed is
    /// kept and suppresses every later box of the same class whose IoU with it is above
    /// <paramref name="iouThreshold"/>. Returns the kept boxes in that order.
    /// </summary>
    public static List<Detection> ClassAware(IEnumerable<Detection> candidates, double iouThreshold, int topK = -1)
    {
        var order = candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Anchor).ToList();
        var suppressed = new bool[order.Count];
        var kept = new List<Detection>();
        for (int i = 0; i < order.Count && (topK < 0 || kept.Count < topK); i++)
        {
            if (suppressed[i]) continue;
            kept.Add(order[i]);
            for (int j = i + 1; j < order.Count; j++)
                if (!suppressed[j] && order[j].Class == order[i].Class && DetectionBox.IoU(order[i].Box, order[j].Box) > iouThreshold)
                    suppressed[j] = true;
        }
        return kept;
    }
}
