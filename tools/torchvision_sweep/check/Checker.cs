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
/// compared with torch run on float16-rounded weights and input, at float16's own tolerance.
/// </summary>
internal static class Checker
{
    public static Row Run(SweepCase c, string opset, string file)
    {
        var row = new Row(c.Name, opset);
        if (!file.EndsWith(".onnx", StringComparison.Ordinal))
        {
            row.Set("load", Verdict.Fail(file));  // the export itself failed; the message says why
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
        double tolerance = c.Variant == "fp16" ? 2e-3 : 1e-4;
        using var input = Input(c, model);
        Attempt(row, "forward", () => Forward(c, model, input, tolerance));
        Attempt(row, "module path", () => ModulePaths(c, model));
        if (c.Kind == "detector")
        {
            Attempt(row, "gradcam", () => DetectorRefusal(model, "gradcam"));
            return row;
        }
        Attempt(row, "gradient", () => LayerGradients(c, model, input, tolerance));
        if (c.CamLayer is null) return row;
        foreach (var method in new[] { "gradcam", "eigencam" })
            Attempt(row, method, () => CamMap(c, model, input, method));
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

    private static Verdict Forward(SweepCase c, Model model, Tensor input, double tolerance)
    {
        var outputs = model.Run(input);
        try
        {
            if (c.Kind == "detector")
            {
                using Tensor boxes = Npy.ReadTensor(c.File("output_0.npy")), scores = Npy.ReadTensor(c.File("output_1.npy")), labels = Npy.ReadTensor(c.File("output_2.npy"));
                return DetectorForward.Check(outputs, boxes, scores, labels, tolerance);
            }
            var worst = 0.0;
            var notes = new List<string>();
            for (int i = 0; c.Has($"output_{i}.npy"); i++)
            {
                using var reference = Npy.ReadTensor(c.File($"output_{i}.npy"));
                if (i >= outputs.Length) return Verdict.Fail($"{outputs.Length} outputs; torch has more");
                if (outputs[i].Length != reference.Length)
                    return Verdict.Fail($"output {i} is {Compare.Shape(outputs[i].Shape)}, torch's {Compare.Shape(reference.Shape)}");
                double rel = Compare.Relative(Compare.Floats(outputs[i]), Compare.Floats(reference));
                worst = double.IsNaN(rel) ? double.NaN : Math.Max(worst, rel);
                notes.Add($"{rel:G2}");
            }
            string detail = "rel " + string.Join("/", notes);
            return worst <= tolerance ? Verdict.Pass(detail) : Verdict.Fail(detail);
        }
        finally
        {
            foreach (var o in outputs) o.Dispose();
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
        bool ok = true;
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
                ok &= rel64 <= tolerance;
                notes.Add($"{c.Layers[key]} {rel64:G2} against torch float64 ({rel:G2} against float32)");
                continue;
            }
            ok &= rel <= tolerance;
            notes.Add($"{c.Layers[key]} {rel:G2}");
        }
        return ok ? Verdict.Pass(string.Join(", ", notes)) : Verdict.Fail(string.Join(", ", notes));
    }

    private static Verdict CamMap(SweepCase c, Model model, Tensor input, string method)
    {
        string file = method + ".npy";
        using var reference = Npy.ReadTensor(c.File(file));
        float[] ours;
        if (c.Kind == "video")
        {
            var result = VideoCam.Run(model, input, [ResolveOne(model, c.CamLayer!)], CamMethods.Create(method), [Target(c)]);
            ours = result.Maps[0];
        }
        else
        {
            var explainer = new Explainer(model, new ExplainerOptions { Method = method, Layers = [c.CamLayer!] });
            var target = c.Kind == "segmenter"
                ? new ExplainTarget { Class = c.TargetClass, Mask = MaskOf(c) }
                : ExplainTarget.OfClass(c.TargetClass!.Value);
            var map = explainer.Explain(input, [target]).Maps[0].AtInput ?? throw new InvalidOperationException("no map at the input size");
            ours = map.Data;
        }
        if (ours.Length != reference.Length) return Verdict.Fail($"map has {ours.Length} values, torch's {Compare.Shape(reference.Shape)}");
        double diff = Compare.MaxDiff(ours, reference.Floats);
        double tolerance = c.Variant == "fp16" ? 1e-2 : 1e-3;
        if (diff <= tolerance) return Verdict.Pass($"{diff:G2}");
        if (method == "eigencam" && c.Has("eigencam_flipped.npy"))
        {
            // numpy's SVD picks the component's sign arbitrarily; CamSharp fixes it (CamOptions.FixSign).
            using var flipped = Npy.ReadTensor(c.File("eigencam_flipped.npy"));
            double other = Compare.MaxDiff(ours, flipped.Floats);
            if (other <= tolerance) return new Verdict("pass±", $"{other:G2} against pytorch-grad-cam's map of the other SVD sign ({diff:G2} against its own)");
        }
        return Verdict.Fail($"max |diff| {diff:G2}");
    }

    private static bool[] MaskOf(SweepCase c)
    {
        using var mask = Npy.ReadTensor(c.File("seg_mask.npy"));
        return mask.Floats.ToArray().Select(v => v > 0.5f).ToArray();
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
