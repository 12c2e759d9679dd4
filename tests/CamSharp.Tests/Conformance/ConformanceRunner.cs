using System.Text.RegularExpressions;
using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Tensors;

namespace CamSharp.Tests.Conformance;

/// <summary>
/// Runs one conformance test the way ONNX's backend runner does: load the model, feed each
/// data set's inputs in graph order, compare each output with <see cref="ConformanceComparison"/>.
/// Every exception becomes a refusal with a class; nothing escapes.
/// </summary>
public static class ConformanceRunner
{
    private const int MaxDetail = 200;

    public static ConformanceOutcome Run(ConformanceCase test, string root)
    {
        string? outOfScope;
        try
        {
            outOfScope = ConformanceScope.Reason(test.ModelPath);
        }
        catch (Exception e)
        {
            return Refused("unreadable", e, root);
        }
        Model model;
        try
        {
            model = Model.Load(test.ModelPath);
        }
        catch (Exception e)
        {
            // Out of scope counts only when the refusal says so.
            return outOfScope is not null && SaysOutOfScope(e.Message)
                ? new ConformanceOutcome(ConformanceStatus.OutOfScope, "family", outOfScope)
                : Refused(outOfScope is not null ? "out-of-scope-unclear" : LoadClass(e), e, root);
        }
        foreach (var set in test.DataSets)
        {
            var outcome = RunDataSet(model, test, set, root);
            if (outcome is not null) return outcome;
        }
        return new ConformanceOutcome(ConformanceStatus.Pass);
    }

    private static ConformanceOutcome? RunDataSet(Model model, ConformanceCase test, ConformanceDataSet set, string root)
    {
        Dictionary<string, Tensor> inputs;
        OnnxTensor[] expected;
        try
        {
            inputs = test.GeneratesInputs ? ArangeInputs(model) : ReadInputs(model, set);
            expected = set.Outputs.Select((f, k) => AsDeclared(ReadReference(f), k < model.Onnx.Outputs.Count ? model.Onnx.Outputs[k].OnnxTypeName : "")).ToArray();
        }
        catch (Exception e)
        {
            return Refused(e is InputException or ModelException ? "inputs" : "crash", e, root);
        }
        Tensor[] outputs;
        try
        {
            outputs = model.Run(inputs);
        }
        catch (Exception e)
        {
            return Refused(RunClass(e), e, root);
        }
        if (outputs.Length < expected.Length)
            return new ConformanceOutcome(ConformanceStatus.Wrong, "outputs", $"{outputs.Length} outputs, expected {expected.Length}");
        for (int k = 0; k < expected.Length; k++)
        {
            var declared = model.Onnx.Outputs[k];
            if (ConformanceComparison.Difference(expected[k], outputs[k], declared.OnnxTypeName) is { } difference)
                return new ConformanceOutcome(ConformanceStatus.Wrong, "values", $"output '{declared.Name}': {difference}");
        }
        return null;
    }

    private static Dictionary<string, Tensor> ReadInputs(Model model, ConformanceDataSet set)
    {
        var specs = model.Onnx.Inputs;
        if (set.Inputs.Count != specs.Count)
            throw new InputException($"the data set has {set.Inputs.Count} inputs, the model declares {specs.Count}");
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (int k = 0; k < specs.Count; k++) inputs[specs[k].Name] = AsDeclared(TensorProtoFile.Read(set.Inputs[k]), specs[k].OnnxTypeName).Value;
        return inputs;
    }

    /// <summary>An expected output: float64 references are compared at float32, which the tolerance allows.</summary>
    private static OnnxTensor ReadReference(string path)
    {
        var proto = CamSharp.Onnx.Proto.TensorProto.Parser.ParseFrom(File.ReadAllBytes(path));
        var tensor = new TensorReader(path, null, OnnxLoadOptions.Default, roundFloat64: true).Read(proto, "reference output");
        return new OnnxTensor(proto.Name, OnnxElementType.Name(proto.DataType), tensor);
    }

    /// <summary>
    /// numpy has no bfloat16, so ONNX 1.12's test data stores BFLOAT16 values as their UINT16
    /// bit patterns; read them back as the bfloat16 numbers they are.
    /// </summary>
    private static OnnxTensor AsDeclared(OnnxTensor t, string declared)
    {
        if (declared != "BFLOAT16" || t.OnnxType != "UINT16") return t;
        var bits = t.Value.Longs;
        var values = new float[bits.Length];
        for (int i = 0; i < values.Length; i++) values[i] = BitConverter.Int32BitsToSingle((int)(bits[i] << 16));
        return new OnnxTensor(t.Name, declared, Tensor.FromFloats(values, t.Value.Shape));
    }

    /// <summary>ONNX's runner feeds the light models np.arange(n).reshape(shape) / n as float32.</summary>
    private static Dictionary<string, Tensor> ArangeInputs(Model model)
    {
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var spec in model.Onnx.Inputs)
        {
            var shape = spec.Shape ?? throw new InputException($"input '{spec.Name}' has no declared shape");
            int n = ShapeUtil.Size(shape);
            var data = new float[n];
            for (int i = 0; i < n; i++) data[i] = (float)((double)i / n);
            inputs[spec.Name] = Tensor.FromFloats(data, shape);
        }
        return inputs;
    }

    private static bool SaysOutOfScope(string message) =>
        message.Contains("outside CamSharp's scope", StringComparison.Ordinal) || message.Contains("is not a tensor", StringComparison.Ordinal);

    private static string LoadClass(Exception e) => e switch
    {
        UnsupportedOperatorException => "operator",
        ResourceLimitException => "limit",
        ModelException m when Says(m, "opset") && Says(m, "not supported") => "opset",
        ModelException m when Says(m, "DOUBLE") => "float64",
        ModelException m when Says(m, "element type") => "element-type",
        ModelException m when Says(m, "must be a constant or computable") => "run-time-input",
        ModelException m when Says(m, "zero dimension") => "zero-dim",
        ModelException m when Says(m, "unsupported operator") => "operator",
        ModelException => "load",
        _ => "crash",
    };

    private static bool Says(Exception e, string text) => e.Message.Contains(text, StringComparison.Ordinal);

    private static string RunClass(Exception e) => e switch
    {
        InputException i when i.Message.Contains("cannot run a batch", StringComparison.Ordinal) => "batch",
        ResourceLimitException => "limit",
        InputException => "input",
        ModelException => "run",
        _ => "crash",
    };

    private static ConformanceOutcome Refused(string cls, Exception e, string root)
    {
        string detail = e is UnsupportedOperatorException u
            ? string.Join(", ", u.Operators.Select(o => o.Domain.Length > 0 ? $"{o.Domain}.{o.OpType}" : o.OpType))
            : (cls == "crash" ? e.GetType().Name + ": " : "") + e.Message;
        return new ConformanceOutcome(ConformanceStatus.Refused, cls, Clean(detail, root));
    }

    /// <summary>One line, no machine paths, bounded length: the status file is committed.</summary>
    private static string Clean(string text, string root)
    {
        text = Regex.Replace(text, Regex.Escape(root) + @"[^:\s]*\.onnx:? ?", "");
        text = text.Replace(root + Path.DirectorySeparatorChar, "").Replace(root, "");
        text = string.Join(" ", text.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()));
        return text.Length <= MaxDetail ? text : text[..MaxDetail] + "...";
    }
}
