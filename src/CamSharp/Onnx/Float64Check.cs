using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// The engine has no float64 compute type, and rounding float64 values to float32 would
/// change results silently, so a model that feeds, stores or computes float64 values is
/// refused at load, naming each value. One form is exact and allowed: a Cast to DOUBLE whose
/// result is only a graph output, since widening a float32 or float16 value loses nothing
/// (the Cast operator refuses integer inputs, which float32 would round). Float64 constants
/// are refused where they are read (<see cref="TensorReader"/>).
/// </summary>
internal static class Float64Check
{
    private const string Double = "DOUBLE";
    private const string Why = "CamSharp computes in float32 and would round float64 values (float64 models are not supported)";

    public static void Run(IReadOnlyList<Node> nodes, IEnumerable<ValueSpec> inputs, IEnumerable<ValueSpec> outputs, List<string> problems)
    {
        foreach (var input in inputs)
            if (input.OnnxTypeName == Double) problems.Add($"graph input '{input.Name}' is DOUBLE; {Why}");

        var consumed = new HashSet<string>(nodes.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        var widened = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            if (node.Domain.Length > 0 || node.OpType != "Cast" || !CastsToDouble(node)) continue;
            if (consumed.Contains(node.Outputs[0]))
                problems.Add($"{node} casts to DOUBLE and feeds other nodes; {Why}");
            else
                widened.Add(node.Outputs[0]);
        }
        foreach (var output in outputs)
            if (output.OnnxTypeName == Double && !widened.Contains(output.Name))
                problems.Add($"graph output '{output.Name}' is DOUBLE; {Why}");
    }

    private static bool CastsToDouble(Node node)
    {
        try
        {
            return node.Attributes.GetInt("to", 0) == OnnxElementType.Double;
        }
        catch (ModelException)
        {
            return false; // a malformed 'to' is the Cast operator's to report
        }
    }
}
