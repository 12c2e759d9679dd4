using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Onnx;

/// <summary>
/// Load-time shape validation. When every input has a fixed size (a symbolic batch counts as
/// 1), the graph is planned once: every node whose shapes or types do not work out is listed,
/// and every value the file describes (graph outputs, value_info) is compared with what the
/// engine computes, naming the producing node and both shapes. Models with dynamic sizes are
/// checked the same way when they are first planned.
/// </summary>
internal static class DeclaredShapeCheck
{
    public static void Run(OnnxModel onnx, Session session)
    {
        if (ProbeInputs(onnx) is not { } inputs) return;
        var problems = new List<string>();
        var plan = session.CheckPlan(inputs, problems);
        if (plan is not null)
        {
            foreach (var spec in onnx.Outputs) Compare(spec, "graph output", plan, session.Graph, problems);
            foreach (var spec in onnx.ValueInfos.Values) Compare(spec, "value_info", plan, session.Graph, problems);
        }
        if (problems.Count > 0) throw ModelValidationException.For(onnx.Source, problems);
    }

    /// <summary>The declared input shapes with a symbolic first dimension taken as 1, or null when any other is unknown.</summary>
    private static Dictionary<string, TensorInfo>? ProbeInputs(OnnxModel onnx)
    {
        var inputs = new Dictionary<string, TensorInfo>(StringComparer.Ordinal);
        foreach (var spec in onnx.Inputs)
        {
            if (spec.Shape is not { } shape) return null;
            var probe = shape.ToArray();
            if (probe.Length > 0 && probe[0] < 0) probe[0] = 1;
            if (probe.Any(d => d < 0)) return null;
            inputs[spec.Name] = new TensorInfo(spec.Type, probe);
        }
        return inputs;
    }

    private static void Compare(ValueSpec spec, string role, Plan plan, Graph graph, List<string> problems)
    {
        if (!graph.HasValue(spec.Name)) return;
        int id = graph.ValueId(spec.Name);
        if (plan.Infos[id] is not { } actual) return;
        string producer = graph.Producer[id] >= 0 ? $", made by {graph.Nodes[graph.Producer[id]]}," : "";
        if (actual.Type != spec.Type)
            problems.Add($"{role} '{spec.Name}'{producer} is declared {spec.OnnxTypeName} but computes as {actual.Type}");
        else if (spec.Shape is { } declared && !Fits(declared, actual.Shape))
            problems.Add($"{role} '{spec.Name}'{producer} is declared {Format(spec)} but computes as [{ShapeUtil.Format(actual.Shape)}]");
    }

    private static bool Fits(int[] declared, int[] actual)
    {
        if (declared.Length != actual.Length) return false;
        for (int i = 0; i < declared.Length; i++)
            if (declared[i] >= 0 && declared[i] != actual[i]) return false;
        return true;
    }

    private static string Format(ValueSpec spec) =>
        "[" + string.Join(", ", spec.Shape!.Select((d, i) => d >= 0 ? d.ToString() : spec.DimParams?[i] ?? "?")) + "]";
}
