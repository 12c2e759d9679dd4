using CamSharp.Application;
using CamSharp.Engine;
using CamSharp.Explain;
using CamSharp.Explain.Targets;
using CamSharp.Tensors;

namespace CamSharp.TorchvisionSweep;

/// <summary>
/// Checks one export against torch's references: load, forward outputs (1e-4 relative), the
/// target's gradient at the middle and late layers named by module path (1e-4 relative), and
/// Grad-CAM / Eigen-CAM at the CAM layer (1e-3 absolute on [0, 1] maps). A float16 file is
/// compared with torch run in float32 on its float16-rounded weights and input (the engine widens
/// float16 and computes in float32), at the same tolerances. Segmenters and video models are
/// explained with the Explainer's own default layer and target, which must be pytorch-grad-cam's.
/// </summary>
internal static class Checker
{
    public static Row Run(SweepCase c, string opset, string file)
    {
        var row = new Row(c.Name, opset);
        if (!file.EndsWith(".onnx", StringComparison.Ordinal))
        {
            // The export itself failed; the message says why. torch refusing an operator at this opset is no CamSharp row.
            bool opsetTooLow = file.Contains("is not supported", StringComparison.Ordinal) && file.Contains("opset version " + opset, StringComparison.Ordinal);
            // torch's exporter running out of memory (MViT at 16×224×224) says nothing about CamSharp either.
            bool exporterMemory = file.Contains("bad_alloc", StringComparison.Ordinal);
            string why = opsetTooLow ? "torch cannot export at this opset: " : "torch's exporter ran out of memory: ";
            foreach (var column in Row.Columns)
                row.Set(column, opsetTooLow || exporterMemory ? Verdict.NotApplicable(column == "load" ? why + file : "") : column == "load" ? Verdict.Fail(file) : new Verdict("-"));
            return row;
        }
        Model model;
        try
        {
            model = Model.Load(c.File(file));
        }
        catch (Exception e)
        {
            row.Set("load", Verdict.Fail(Message(e)));
            return row;
        }
        row.Set("load", Verdict.Pass());
        // A float16 file holds the float16-rounded weights that torch ran in float32; the engine widens float16 to
        // float32 and computes in it, so the float32 reference applies at float32's tolerance.
        double tolerance = 1e-4;
        using var input = Input(c, model);
        Attempt(row, "forward", () => Forward(c, model, c.File(file), input, tolerance));
        Attempt(row, "module path", () => ModulePaths(c, model));
        if (c.Kind == "detector")
        {
            Attempt(row, "gradcam", () => DetectorRefusal(model, "gradcam"));
            return row;
        }
        Attempt(row, "gradient", () => LayerGradients(c, model, input, tolerance));
        if (c.CamLayer is null)
        {
            foreach (var method in new[] { "gradcam", "eigencam" })
                row.Set(method, Verdict.NotApplicable("models.py names no CAM layer for this model (pytorch-grad-cam has no reshape for its tokens)"));
            return row;
        }
        foreach (var method in new[] { "gradcam", "eigencam" })
            Attempt(row, method, () => CamMap(c, model, input, method));
        if (row.Verdicts["forward"].State == "FAIL rounding")
        {
            // Gradients and maps run through the activation quantized one step apart: they follow the forward's verdict.
            foreach (var column in new[] { "gradient", "gradcam", "eigencam" })
                if (row.Verdicts.TryGetValue(column, out var v) && v.State == "FAIL")
                    row.Set(column, new Verdict("FAIL rounding", v.Detail + " (after the forward's one-step quantization difference)"));
        }
        return row;
    }

    private static void Attempt(Row row, string column, Func<Verdict> check)
    {
        try
        {
            row.Set(column, check());
        }
        catch (Exception e)
        {
            row.Set(column, Verdict.Fail(Message(e)));
        }
    }

    private static string Message(Exception e) =>
        (e is CamSharpException ? "" : e.GetType().Name + ": ") + e.Message.ReplaceLineEndings(" ")
        + (e is CamSharpException ? "" : " @ " + e.StackTrace?.Split('\n').FirstOrDefault()?.Trim());

    /// <summary>input.npy in the rank the model declares (a detector takes one C×H×W image).</summary>
    private static Tensor Input(SweepCase c, Model model)
    {
        var t = Npy.ReadTensor(c.File("input.npy"));
        if (model.Input.Shape is { } s && s.Length == t.Rank - 1 && t.Shape[0] == 1)
        {
            var single = t.Clone(t.Shape[1..]);
            t.Dispose();
            return single;
        }
        return t;
    }

    private static Verdict Forward(SweepCase c, Model model, string file, Tensor input, double tolerance)
    {
        if (c.Variant == "fp16") return Float16Forward(c, model, input, tolerance);
        var outputs = model.Run(input);
        try
        {
            if (c.Kind == "detector")
            {
                using Tensor boxes = Npy.ReadTensor(c.File("output_0.npy")), scores = Npy.ReadTensor(c.File("output_1.npy")), labels = Npy.ReadTensor(c.File("output_2.npy"));
                var verdict = DetectorForward.Check(outputs, boxes, scores, labels, tolerance);
                var ort = new Lazy<float[][]>(() => OrtRun.Outputs(file, model.Input.Name, input));
                if (verdict.State != "pass")
                {
                    // torch missed, ONNX Runtime met on every box, score and label: another engine reads the file as CamSharp does.
                    var state = verdict.State == "FAIL" && DetectorForward.MatchesOrt(outputs, ort.Value, tolerance) ? "FAIL ORT=ours" : verdict.State;
                    verdict = new Verdict(state, verdict.Detail + "; " + DetectorForward.AgainstOrt(outputs, ort.Value));
                }
                // Masks and keypoints: their rows follow the detections', so a reordering of tied rows reorders them too.
                bool sameRows = verdict.State == "pass" && !verdict.Detail.Contains("another order", StringComparison.Ordinal);
                if (DetectorExtras.Check(c, model.Onnx.Outputs.Select(o => o.Name).ToList(), outputs, sameRows, tolerance, () => ort.Value) is not { } extras) return verdict;
                return new Verdict(DetectorExtras.Worse(verdict.State, extras.State), $"{verdict.Detail}; {extras.Detail}");
            }
            var worst = 0.0;
            var notes = new List<string>();
            var torch = new List<float[]>();
            for (int i = 0; c.Has($"output_{i}.npy"); i++)
            {
                using var reference = Npy.ReadTensor(c.File($"output_{i}.npy"));
                if (i >= outputs.Length) return Verdict.Fail($"{outputs.Length} outputs; torch has more");
                if (outputs[i].Length != reference.Length)
                    return Verdict.Fail($"output {i} is {Compare.Shape(outputs[i].Shape)}, torch's {Compare.Shape(reference.Shape)}");
                torch.Add(Compare.Floats(reference));
                double rel = Compare.Relative(Compare.Floats(outputs[i]), torch[^1]);
                worst = double.IsNaN(rel) ? double.NaN : Math.Max(worst, rel);
                notes.Add($"{rel:G2}");
            }
            string detail = "rel " + string.Join("/", notes);
            return worst <= tolerance ? Verdict.Pass(detail) : WithOrt(c, file, model, input, outputs, torch, detail, tolerance);
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
        }
    }

    /// <summary>
    /// torch's forward is missed: ONNX Runtime on the same file says whether another float32 engine misses it the
    /// same way. "FAIL ORT=ours": CamSharp matches ONNX Runtime within the tolerance and torch misses it. "FAIL
    /// rounding": a QDQ model where torch and ONNX Runtime agree, CamSharp lands quantization steps apart, and
    /// CamSharp's float64-accumulating run does not reproduce torch either (qdq_form.py).
    /// </summary>
    private static Verdict WithOrt(SweepCase c, string file, Model model, Tensor input, Tensor[] ours, List<float[]> torch, string detail, double tolerance)
    {
        var ort = OrtRun.Outputs(file, model.Input.Name, input);
        double oursVsOrt = 0, torchVsOrt = 0;
        for (int i = 0; i < torch.Count; i++)
        {
            oursVsOrt = Math.Max(oursVsOrt, Compare.Relative(Compare.Floats(ours[i]), ort[i]));
            torchVsOrt = Math.Max(torchVsOrt, Compare.Relative(torch[i], ort[i]));
        }
        string both = $"{detail}; ONNX Runtime on the same file: {oursVsOrt:G2} from CamSharp, {torchVsOrt:G2} from torch";
        if (oursVsOrt <= tolerance && torchVsOrt > tolerance) return new Verdict("FAIL ORT=ours", both);
        if (oursVsOrt <= tolerance) return Verdict.Fail(both);
        // torch and ONNX Runtime agree and CamSharp does not: where a quantized activation lies within a few ulps of a
        // rounding boundary, the side it lands on is each summation order's own. When CamSharp's float64-accumulating run
        // (Precise) does not reproduce torch and ONNX Runtime either, their values are one rounding's, not the exact
        // answer's (resnet18_qdq_static's first step apart: 0.47446957 here and in float64, 0.47446966 in both, boundary
        // 30.5 · 0.0155563802 = 0.4744695946; later boundaries fall a third way in float64).
        using var precise = model.Session.Run(input, new RunOptions { Precise = true });
        double preciseVsOurs = 0, preciseVsOrt = 0;
        for (int i = 0; i < torch.Count; i++)
        {
            preciseVsOurs = Math.Max(preciseVsOurs, Compare.Relative(Compare.Floats(precise.Outputs[i]), Compare.Floats(ours[i])));
            preciseVsOrt = Math.Max(preciseVsOrt, Compare.Relative(Compare.Floats(precise.Outputs[i]), ort[i]));
        }
        both += $"; CamSharp accumulating in float64: {preciseVsOurs:G2} from its float32, {preciseVsOrt:G2} from ONNX Runtime";
        return c.Variant.StartsWith("qdq", StringComparison.Ordinal) && preciseVsOrt > tolerance
            ? new Verdict("FAIL rounding", both) : Verdict.Fail(both);
    }

    /// <summary>
    /// A float16 export: the engine's float32 outputs (before they are rounded to the declared float16) against
    /// torch's float32 run of the float16-rounded weights and input; the declared float16 outputs are reported
    /// beside, with the reason when torch's values lie below float16's range (random weights give tiny logits).
    /// </summary>
    private static Verdict Float16Forward(SweepCase c, Model model, Tensor input, double tolerance)
    {
        const double SmallestSubnormal = 5.96e-8;
        using var pass = model.Session.Run(input);
        var declared = model.Run(input);
        try
        {
            var notes = new List<string>();
            bool ok = true;
            for (int i = 0; c.Has($"output_{i}.npy"); i++)
            {
                using var reference = Npy.ReadTensor(c.File($"output_{i}.npy"));
                var wide = Compare.Floats(pass.Outputs[i]);
                var expected = Compare.Floats(reference);
                double rel = Compare.Relative(wide, expected);
                double relDeclared = Compare.Relative(Compare.Floats(declared[i]), expected);
                double largest = Compare.MaxAbs(expected);
                ok &= rel <= tolerance;
                notes.Add($"{rel:G2} in float32 (declared float16 output {relDeclared:G2}"
                    + (largest < SmallestSubnormal ? $": torch's largest |output| {largest:G2} is below float16's smallest subnormal, so float16 holds 0)" : ")"));
            }
            string detail = "rel " + string.Join("/", notes);
            return ok ? Verdict.Pass(detail) : Verdict.Fail(detail);
        }
        finally
        {
            foreach (var o in declared) o.Dispose();
        }
    }

    private static string ResolveOne(Model model, string path)
    {
        var values = model.ResolveLayer(path);
        return values.Count == 1 ? values[0] : throw new InvalidOperationException($"'{path}' stands for {values.Count} values: {string.Join(", ", values.Take(4))}");
    }

    private static Verdict ModulePaths(SweepCase c, Model model)
    {
        if (c.Kind == "detector")
        {
            // A detector's backbone yields its feature levels (MMYOLO's convention): several values.
            var levels = model.ResolveLayer(c.Layers["late"]);
            return levels.Count > 0 ? Verdict.Pass($"{c.Layers["late"]}→{levels.Count} values") : Verdict.Fail($"'{c.Layers["late"]}' stands for no value");
        }
        var paths = c.Layers.Values.Concat(c.CamLayer is null ? [] : [c.CamLayer]).Distinct().ToArray();
        var resolved = paths.Select(p => $"{p}→{ResolveOne(model, p)}");
        return Verdict.Pass(string.Join(" ", resolved.Take(1)));
    }

    private static OutputTarget Target(SweepCase c, Tensor? firstOutputShape = null)
    {
        int cls = c.TargetClass ?? throw new InvalidOperationException("meta.json has no target class");
        if (c.Kind != "segmenter") return new ClassTarget(cls);
        using var mask = Npy.ReadTensor(c.File("seg_mask.npy"));
        return new SemanticSegmentationTarget(cls, mask.Floats.ToArray().Select(v => v > 0.5f).ToArray());
    }

    private static Verdict LayerGradients(SweepCase c, Model model, Tensor input, double tolerance)
    {
        var values = c.Layers.ToDictionary(l => l.Key, l => ResolveOne(model, l.Value));
        using var pass = model.Session.Run(input, new RunOptions { Taps = [.. values.Values], GradientsFor = [.. values.Values] });
        using var grads = pass.Backward([Target(c)]);
        var notes = new List<string>();
        bool ok = true, needsPrecise = false, precisePass = true, illConditioned = true, torchMisses = true, storageKink = true;
        foreach (var (key, value) in values)
        {
            using var reference = Npy.ReadTensor(c.File($"grad_{key}.npy"));
            var g = grads[value];
            if (g.Length != reference.Length)
            {
                notes.Add($"{key} {Compare.Shape(g.Shape)} vs torch {Compare.Shape(reference.Shape)}");
                ok = false;
                continue;
            }
            double rel = Compare.Relative(g.Floats, reference.Floats);
            if (rel > tolerance && c.Has($"grad_{key}_f64.npy"))
            {
                // torch's float32 backward may take the other side of a ReLU at a pre-activation within rounding of 0 (float64_gradients.py).
                using var precise = Npy.ReadTensor(c.File($"grad_{key}_f64.npy"));
                double rel64 = Compare.Relative(g.Floats, precise.Floats);
                if (rel64 <= tolerance)
                {
                    notes.Add($"{c.Layers[key]} {rel64:G2} against torch float64 ({rel:G2} against float32)");
                    continue;
                }
                // Both float32 runs sit near kinks: CamSharp's float64-accumulating mode against torch float64 says which is right.
                var preciseGradient = PreciseGradient(c, model, input, value);
                double relPrecise = Compare.Relative(preciseGradient, precise.Floats);
                // Precise stores values in float32 as torch's float32 does: a tie or kink that only float64 storage resolves
                // shows as Precise meeting torch's float32 while missing float64.
                double precise32 = Compare.Relative(preciseGradient, reference.Floats);
                storageKink &= relPrecise > tolerance && precise32 <= tolerance;
                double torchGap = Compare.Relative(reference.Floats, precise.Floats);
                needsPrecise = true;
                precisePass &= relPrecise <= tolerance;
                torchMisses &= torchGap > tolerance;
                // Where torch's own float32 and float64 gradients differ by more than CamSharp's float32 differs from torch's,
                // the layer's gradient is ill-conditioned for these random weights: no float32 engine can be held to 1e-4.
                illConditioned &= relPrecise > tolerance && torchGap > tolerance && rel <= torchGap;
                notes.Add($"{c.Layers[key]} {relPrecise:G2} with Precise against torch float64 ({precise32:G2} against torch float32; float32: {rel64:G2} against torch float64, {rel:G2} against torch float32; torch float32 against float64 {torchGap:G2}; {KinkLocator.DifferingElements(g.Floats, reference.Floats, tolerance)})");
                continue;
            }
            ok &= rel <= tolerance;
            notes.Add($"{c.Layers[key]} {rel:G2}");
        }
        string detail = string.Join(", ", notes);
        if (ok && needsPrecise && !precisePass && illConditioned) return new Verdict("FAIL ill-cond", detail);
        // CamSharp accumulating in float64 reproduces torch's float32 gradient, and both miss float64 by the same: float32
        // storage decides a tie or kink that float64 storage resolves the other way, and CamSharp's float32 accumulation
        // crosses one more (deeplabv3_resnet50's layer2).
        if (ok && needsPrecise && !precisePass && storageKink)
            return new Verdict("FAIL kink", detail + "; CamSharp's Precise meets torch's float32, float32 storage cannot meet float64: " + KinkLocator.Describe(model, input));
        if (!ok || needsPrecise && !precisePass) return Verdict.Fail(detail);
        // torch's own float32 meets its float64 where CamSharp's float32 does not, and CamSharp's Precise meets it too: a
        // pre-activation within float32 rounding of 0 that torch's float32 happens to put on float64's side (regnet_y_800mf:
        // block3-7.f.a's conv at one element is -3.35e-8 in float64, +4.84e-8 in CamSharp float32, 0.16 ulp of the tensor's 0.7).
        if (needsPrecise && !torchMisses)
            return new Verdict("FAIL kink", detail + "; torch's float32 lands on float64's side of a kink, CamSharp's float32 on the other: " + KinkLocator.Describe(model, input));
        // "pass64": float32 gradients of these weights depend on summation order at ReLU kinks (torch's own float32 and
        // float64 differ as much); accumulated in float64, CamSharp matches torch float64 within the tolerance.
        return needsPrecise ? new Verdict("pass64", detail) : Verdict.Pass(detail);
    }

    /// <summary>The target's gradient at one value, with convolutions and matrix products accumulated in float64.</summary>
    private static float[] PreciseGradient(SweepCase c, Model model, Tensor input, string value)
    {
        using var pass = model.Session.Run(input, new RunOptions { Taps = [value], GradientsFor = [value], Precise = true });
        using var grads = pass.Backward([Target(c)]);
        return grads[value].Floats.ToArray();
    }

    private static Verdict CamMap(SweepCase c, Model model, Tensor input, string method)
    {
        string file = method + ".npy";
        using var reference = Npy.ReadTensor(c.File(file));
        float[] ours;
        string chosen = "";
        if (c.Kind is "video" or "segmenter")
        {
            // As `camsharp cam` without --target-layers or --target-category: the profile's layer and target must be
            // pytorch-grad-cam's (the CAM layer of models.py; the top class, or a segmenter's SemanticSegmentationTarget).
            var explainer = new Explainer(model, new ExplainerOptions { Method = method });
            var layer = explainer.Layers.Single();
            if (layer.Values.Count != 1 || !SameValue(model, layer.Values[0], ResolveOne(model, c.CamLayer!)))
                return Verdict.Fail($"default layer {layer.Name} ({string.Join(",", layer.Values)}), not {c.CamLayer}");
            var map = explainer.Explain(input).Maps[0];
            if (map.Class != c.TargetClass) return Verdict.Fail($"default target class {map.Class}, torch's {c.TargetClass}");
            ours = (map.AtInput ?? throw new InvalidOperationException("no map at the input size")).Data;
            chosen = $" (default layer {layer.Name}, class {map.Class})";
        }
        else
        {
            var explainer = new Explainer(model, new ExplainerOptions { Method = method, Layers = [c.CamLayer!] });
            var map = explainer.Explain(input, [ExplainTarget.OfClass(c.TargetClass!.Value)]).Maps[0].AtInput ?? throw new InvalidOperationException("no map at the input size");
            ours = map.Data;
        }
        if (ours.Length != reference.Length) return Verdict.Fail($"map has {ours.Length} values, torch's {Compare.Shape(reference.Shape)}");
        double diff = Compare.MaxDiff(ours, reference.Floats);
        const double tolerance = 1e-3;
        if (diff <= tolerance) return Verdict.Pass($"{diff:G2}{chosen}");
        if (method == "eigencam" && c.Has("eigencam_flipped.npy"))
        {
            // numpy's SVD picks the component's sign arbitrarily; CamSharp fixes it (CamOptions.FixSign).
            using var flipped = Npy.ReadTensor(c.File("eigencam_flipped.npy"));
            double other = Compare.MaxDiff(ours, flipped.Floats);
            if (other <= tolerance) return new Verdict("pass±", $"{other:G2} against pytorch-grad-cam's map of the other SVD sign ({diff:G2} against its own){chosen}");
        }
        return Verdict.Fail($"max |diff| {diff:G2}{chosen}");
    }

    /// <summary>Whether <paramref name="value"/> is <paramref name="of"/> or a copy of it (Identity, or a Cast to float such as fcn's backbone output).</summary>
    private static bool SameValue(Model model, string value, string of)
    {
        for (int step = 0; step < 4; step++)
        {
            if (value == of) return true;
            var p = model.Graph.Nodes.FirstOrDefault(n => n.Outputs.Contains(value));
            if (p is null || p.OpType is not ("Identity" or "Cast") || p.Attributes.GetInt("to", 1) != 1) return false;
            value = p.Inputs[0];
        }
        return false;
    }

    /// <summary>A detector's class map must be refused with a message that points to box targets.</summary>
    private static Verdict DetectorRefusal(Model model, string method)
    {
        try
        {
            _ = new Explainer(model, new ExplainerOptions { Method = method });
        }
        catch (InputException e)
        {
            return Verdict.NotApplicable("refused: " + e.Message);
        }
        return Verdict.Fail("a class map on a detector was not refused");
    }
}
