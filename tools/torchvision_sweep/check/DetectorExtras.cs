using CamSharp.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>
/// A two-stage detector's outputs beyond boxes, scores and labels: Mask R-CNN's masks [N, 1, H, W],
/// Keypoint R-CNN's keypoints [N, K, 3] and keypoints_scores [N, K], which export_sweep.py saves as
/// output_&lt;key&gt;.npy and the export names by the same key. Compared with torch's row for row
/// (relative to torch's largest value). They are decoded through integer steps (boxes truncated to
/// pixels before pasting, a heatmap's argmax), so where torch float32 is missed the float64
/// reference of float64_outputs.py says whether torch's own precision moves them as far:
/// "FAIL ill-cond" (torch float32 is at least as far from float64 as CamSharp is from torch
/// float32), "pass64" (CamSharp meets float64). "ties": the detections came out as the same rows
/// in another order, so torch's rows are permuted and ONNX Runtime on the same file decides.
/// "FAIL ORT=ours": CamSharp matches ONNX Runtime and torch misses both.
/// </summary>
internal static class DetectorExtras
{
    /// <summary>The verdict on every extra output, or null when torch saved none (SSD, Faster R-CNN).</summary>
    public static Verdict? Check(SweepCase c, IReadOnlyList<string> names, IReadOnlyList<Tensor> outputs, bool sameRows, double tolerance, Func<float[][]> ort)
    {
        var keys = Directory.GetFiles(c.Folder, "output_*.npy").Select(f => Path.GetFileNameWithoutExtension(f)["output_".Length..])
            .Where(k => !int.TryParse(k, out _)).Order(StringComparer.Ordinal).ToList();
        if (keys.Count == 0) return null;
        var states = new List<string>();
        var notes = new List<string>();
        foreach (var key in keys)
        {
            int k = names.ToList().IndexOf(key);
            if (k < 0) return Verdict.Fail($"torch gives '{key}' but the export has no output of that name ({string.Join(", ", names)})");
            using var reference = Npy.ReadTensor(c.File($"output_{key}.npy"));
            if (!reference.Shape.SequenceEqual(outputs[k].Shape))
                return Verdict.Fail($"{key} is {Compare.Shape(outputs[k].Shape)}, torch's {Compare.Shape(reference.Shape)}");
            float[] ours = Compare.Floats(outputs[k]), torch = Compare.Floats(reference);
            double rel = Compare.Relative(ours, torch);
            string note = $"{key} {Compare.Shape(outputs[k].Shape)} rel {rel:G2}";
            string state = "pass";
            if (rel > tolerance)
            {
                double other = Compare.Relative(ours, ort()[k]);
                note += $", ONNX Runtime {other:G2}";
                state = !sameRows && other <= tolerance ? "ties" : other <= tolerance ? "FAIL ORT=ours" : "FAIL";
                if (state != "ties" && c.Has($"output64_{key}.npy"))
                {
                    using var wide = Npy.ReadTensor(c.File($"output64_{key}.npy"));
                    float[] f64 = Compare.Floats(wide);
                    double ours64 = Compare.Relative(ours, f64), torch64 = Compare.Relative(torch, f64);
                    note += $", float64: CamSharp {ours64:G2}, torch float32 {torch64:G2}";
                    if (ours64 <= tolerance) state = "pass64";
                    else if (torch64 >= rel) state = "FAIL ill-cond";
                }
            }
            states.Add(state);
            notes.Add(note + (state == "pass" ? "" : $" ({state})"));
        }
        return new Verdict(states.Aggregate(Worse), string.Join("; ", notes));
    }

    private static readonly string[] WorstFirst = ["FAIL", "FAIL ORT=ours", "FAIL ill-cond", "ties", "pass64", "pass"];

    /// <summary>The worse of two states (an unknown one counts as FAIL).</summary>
    public static string Worse(string a, string b) =>
        WorstFirst.First(s => s == a || s == b || !WorstFirst.Contains(a) || !WorstFirst.Contains(b));
}
