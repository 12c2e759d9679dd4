using System.Text;
using System.Text.Json;
using CamSharp.Engine;

namespace CamSharp.Onnx;

/// <summary>
/// Text and JSON listings of a model's layers for <c>camsharp layers</c> (MMYOLO's
/// <c>--preview-model</c>): the module tree with each module's output values and shapes,
/// then the values made outside any module (all of them, for a model without scopes).
/// Shapes come from the caller (the executor's shape inference); null prints as "?".
/// </summary>
public static class LayerTreeFormatter
{
    private const int MaxNameColumn = 56;

    /// <summary>The listing as one string, one line per row.</summary>
    public static string Format(ModuleTree tree, Func<string, int[]?> shapeOf, int maxDepth = int.MaxValue) =>
        string.Join('\n', Lines(tree, shapeOf, maxDepth));

    /// <summary>
    /// Rows like <c>layer4  /layer4/layer4.1/relu_1/Relu_output_0  [1, 512, 7, 7]</c>,
    /// submodules indented by two spaces; a module with several outputs takes several rows.
    /// </summary>
    public static IReadOnlyList<string> Lines(ModuleTree tree, Func<string, int[]?> shapeOf, int maxDepth = int.MaxValue)
    {
        var rows = new List<(string Left, string Middle, string Right)>();
        foreach (var m in tree.All.Where(m => m.Depth <= maxDepth))
        {
            string left = new string(' ', 2 * m.Depth) + m.Path;
            if (m.OutputValues.Count == 0) rows.Add((left, "(no outputs)", ""));
            for (int i = 0; i < m.OutputValues.Count; i++)
                rows.Add((i == 0 ? left : "", m.OutputValues[i], ShapeText(shapeOf(m.OutputValues[i]))));
        }
        foreach (var (value, node) in UnscopedValues(tree))
            rows.Add((value, node.OpType, ShapeText(shapeOf(value))));

        int width = Math.Min(MaxNameColumn, rows.Count == 0 ? 0 : rows.Max(r => r.Left.Length));
        int middle = Math.Min(MaxNameColumn, rows.Count == 0 ? 0 : rows.Max(r => r.Middle.Length));
        return rows.Select(r => $"{r.Left.PadRight(width)}  {r.Middle.PadRight(middle)}  {r.Right}".TrimEnd()).ToList();
    }

    /// <summary>
    /// <c>{ "modules": [ { "path", "outputs": [ { "name", "shape" } ], "children": [...] } ],
    /// "values": [ { "name", "op", "node", "module", "shape" } ] }</c>; "values" lists every
    /// value that depends on the input, with its innermost module (or null).
    /// </summary>
    public static string FormatJson(ModuleTree tree, Func<string, int[]?> shapeOf, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteString("model", tree.Source);
            w.WriteStartArray("modules");
            foreach (var m in tree.TopLevel) WriteModule(w, m, shapeOf);
            w.WriteEndArray();
            w.WriteStartArray("values");
            foreach (var node in tree.Nodes)
                foreach (var value in node.Outputs.Where(o => o.Length > 0 && tree.IsActivation(o)))
                {
                    w.WriteStartObject();
                    w.WriteString("name", value);
                    w.WriteString("op", node.OpType);
                    w.WriteString("node", node.Name);
                    var paths = NodeScope.ModulePaths(node);
                    if (paths.Count > 0) w.WriteString("module", paths[^1]);
                    else w.WriteNull("module");
                    WriteShape(w, shapeOf(value));
                    w.WriteEndObject();
                }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteModule(Utf8JsonWriter w, Module m, Func<string, int[]?> shapeOf)
    {
        w.WriteStartObject();
        w.WriteString("path", m.Path);
        w.WriteStartArray("outputs");
        foreach (var value in m.OutputValues)
        {
            w.WriteStartObject();
            w.WriteString("name", value);
            WriteShape(w, shapeOf(value));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("children");
        foreach (var c in m.Children) WriteModule(w, c, shapeOf);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteShape(Utf8JsonWriter w, int[]? shape)
    {
        if (shape is null)
        {
            w.WriteNull("shape");
            return;
        }
        // One line per shape reads better than one line per dimension.
        w.WritePropertyName("shape");
        w.WriteRawValue($"[{string.Join(", ", shape)}]");
    }

    /// <summary>Values that depend on the input and are made by nodes outside every module.</summary>
    private static IEnumerable<(string Value, Node Node)> UnscopedValues(ModuleTree tree) =>
        tree.Nodes.Where(n => NodeScope.ModulePaths(n).Count == 0)
            .SelectMany(n => n.Outputs.Where(o => o.Length > 0 && tree.IsActivation(o)).Select(o => (o, n)));

    private static string ShapeText(int[]? shape) => shape is null ? "?" : $"[{string.Join(", ", shape)}]";
}
