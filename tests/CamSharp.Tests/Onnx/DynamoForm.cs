using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using Google.Protobuf;

namespace CamSharp.Tests.Onnx;

/// <summary>
/// Rewrites a legacy PyTorch export into the dynamo exporter's form, as
/// tools/dynamo_form/dynamo_form.py does: nodes named <c>node_&lt;op&gt;_&lt;k&gt;</c>, computed values
/// renamed so no name carries a scope, the scope moved into each node's metadata_props
/// (<c>pkg.torch.onnx.name_scopes</c> and <c>namespace</c>), weights in an external
/// <c>.onnx.data</c> file beside the model.
/// </summary>
internal static class DynamoForm
{
    /// <summary>Writes <c>model.onnx</c> and <c>model.onnx.data</c> into <paramref name="folder"/>; returns the model path and the value renaming.</summary>
    public static (string Path, Dictionary<string, string> Renamed) Write(string legacyPath, string folder, bool namespaceOnly = false)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(legacyPath));
        var graph = model.Graph;
        var keep = graph.Input.Select(v => v.Name).Concat(graph.Output.Select(v => v.Name))
            .Concat(graph.Initializer.Select(t => t.Name)).ToHashSet(StringComparer.Ordinal);
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            string op = node.OpType.ToLowerInvariant();
            int k = counts.GetValueOrDefault(op);
            counts[op] = k + 1;
            string own = k == 0 ? op : $"{op}_{k}";
            var paths = NodeScope.ModulePaths(node.Name);
            var scopes = new[] { "" }.Concat(paths).Append(own);
            string ns = string.Join("/", new[] { ": Model" }.Concat(paths.Select(p => $"{p}: Module")).Append($"{own}: aten.{op}.default"));
            node.Name = $"node_{own}";
            for (int i = 0; i < node.Output.Count; i++)
                if (node.Output[i].Length > 0 && !keep.Contains(node.Output[i]))
                    node.Output[i] = renamed[node.Output[i]] = i == 0 ? own : $"{own}_{i}";
            for (int i = 0; i < node.Input.Count; i++)
                if (renamed.TryGetValue(node.Input[i], out var r)) node.Input[i] = r;
            node.MetadataProps.Add(new StringStringEntryProto { Key = NodeScope.NamespaceKey, Value = ns });
            if (!namespaceOnly)
                node.MetadataProps.Add(new StringStringEntryProto
                {
                    Key = NodeScope.NameScopesKey,
                    Value = "[" + string.Join(", ", scopes.Select(s => $"'{s}'")) + "]",
                });
        }
        graph.ValueInfo.Clear();

        Directory.CreateDirectory(folder);
        const string dataName = "model.onnx.data";
        using (var data = File.Create(Path.Combine(folder, dataName)))
        {
            foreach (var t in graph.Initializer.Where(t => t.RawData.Length > 0))
            {
                long offset = data.Position;
                data.Write(t.RawData.Span);
                t.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = dataName });
                t.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString() });
                t.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = t.RawData.Length.ToString() });
                t.DataLocation = TensorProto.Types.DataLocation.External;
                t.RawData = ByteString.Empty;
            }
        }
        string path = Path.Combine(folder, "model.onnx");
        File.WriteAllBytes(path, model.ToByteArray());
        return (path, renamed);
    }
}
