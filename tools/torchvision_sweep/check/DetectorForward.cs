using CamSharp.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>
/// A torchvision detector's forward against torch's boxes, scores and labels (output_0..2, saved in
/// that order by export_sweep.py). The export's outputs are told apart by type (int64 labels, float
/// [N, 4] boxes, float [N] scores), as Faster R-CNN's export orders them boxes, labels, scores.
/// Row for row first; where that fails, the rows are matched as sets: random weights often give
/// every kept box the same score (ssdlite's softmax 0.2 over 5 classes), and then which tied rows
/// TopK and NMS keep, and in which order, is each engine's own (ONNX's TopK puts the lower index
/// first; torch's CPU topk does not promise an order). "ties" says the scores agree and every
/// differing row lies in a tied group; anything else fails.
/// </summary>
internal static class DetectorForward
{
    public static Verdict Check(IReadOnlyList<Tensor> outputs, Tensor torchBoxes, Tensor torchScores, Tensor torchLabels, double tolerance)
    {
        var boxes = outputs.FirstOrDefault(o => o.Type == DataType.Float32 && o.Rank == 2 && o.Shape[1] == 4);
        var scores = outputs.FirstOrDefault(o => o.Type == DataType.Float32 && o.Rank == 1);
        var labels = outputs.FirstOrDefault(o => o.Type == DataType.Int64 && o.Rank == 1);
        if (boxes is null || scores is null || labels is null)
            return Verdict.Fail($"outputs {string.Join(", ", outputs.Select(o => $"{o.Type}{Compare.Shape(o.Shape)}"))} are not boxes, scores and labels");
        if (scores.Length != torchScores.Length) return Verdict.Fail($"{scores.Length} detections, torch {torchScores.Length}");

        float[] ourLabels = Compare.Floats(labels), theirLabels = Compare.Floats(torchLabels);
        double rb = Compare.Relative(boxes.Floats, torchBoxes.Floats), rs = Compare.Relative(scores.Floats, torchScores.Floats);
        double rl = Compare.Relative(ourLabels, theirLabels);
        string detail = $"rel {rb:G2}/{rs:G2}/{rl:G2} (boxes/scores/labels)";
        if (rb <= tolerance && rs <= tolerance && rl <= tolerance) return Verdict.Pass(detail);

        // Scores as sorted lists: the same multiset whatever the order.
        var a = scores.Floats.ToArray().Order().ToArray();
        var b = torchScores.Floats.ToArray().Order().ToArray();
        double sorted = Compare.Relative(a, b);
        if (sorted > tolerance) return Verdict.Fail($"{detail}; sorted scores differ by {sorted:G2}");

        double boxScale = Math.Max(Compare.MaxAbs(torchBoxes.Floats), 1e-30), scoreScale = Math.Max(Compare.MaxAbs(torchScores.Floats), 1e-30);
        int n = scores.Length, unmatched = 0, untied = 0;
        var used = new bool[n];
        for (int i = 0; i < n; i++)
        {
            int match = Enumerable.Range(0, n).FirstOrDefault(j => !used[j] && ourLabels[j] == theirLabels[i]
                && Math.Abs(scores.Floats[j] - torchScores.Floats[i]) <= tolerance * scoreScale
                && Enumerable.Range(0, 4).All(k => Math.Abs(boxes.Floats[j * 4 + k] - torchBoxes.Floats[i * 4 + k]) <= tolerance * boxScale), -1);
            if (match >= 0)
            {
                used[match] = true;
                continue;
            }
            unmatched++;
            float s = torchScores.Floats[i];
            if (torchScores.Floats.ToArray().Count(x => Math.Abs(x - s) <= tolerance * scoreScale) < 2) untied++;
        }
        int distinct = b.Distinct().Count();
        if (unmatched == 0) return new Verdict("pass", $"{detail}; the same {n} rows in another order among tied scores ({distinct} distinct)");
        return untied == 0
            ? new Verdict("ties", $"{detail}; sorted scores agree ({distinct} distinct of {n}), {unmatched} of {n} rows differ, all with tied scores: which tied boxes TopK/NMS keep is each engine's own")
            : Verdict.Fail($"{detail}; {untied} rows of untied score have no counterpart");
    }

    /// <summary>Whether ONNX Runtime's boxes, scores and labels (the rank-1 and [N, 4] outputs) equal CamSharp's row for row.</summary>
    public static bool MatchesOrt(IReadOnlyList<Tensor> outputs, float[][] ort, double tolerance) =>
        ort.Length == outputs.Count && outputs.Select((o, i) => (o, i)).Where(p => p.o.Rank == 1 || (p.o.Rank == 2 && p.o.Shape[1] == 4))
            .All(p => Compare.Relative(Compare.Floats(p.o), ort[p.i]) <= tolerance);

    /// <summary>CamSharp's detections against ONNX Runtime's on the same file, row for row (which tied rows each keeps).</summary>
    public static string AgainstOrt(IReadOnlyList<Tensor> outputs, float[][] ort)
    {
        if (ort.Length != outputs.Count) return $"ONNX Runtime gives {ort.Length} outputs, CamSharp {outputs.Count}";
        var rel = outputs.Select((o, i) => Compare.Relative(Compare.Floats(o), ort[i])).ToArray();
        return $"ONNX Runtime on the same file, row for row: rel {string.Join("/", rel.Select(r => r.ToString("G2")))} from CamSharp (outputs in file order)";
    }
}
