namespace CamSharp.Onnx;

/// <summary>
/// Reads the module scope that PyTorch (1.13 and later) writes into node names:
/// <c>/layer4/layer4.1/relu_1/Relu</c> lies in <c>layer4</c> → <c>layer4.1</c> →
/// <c>layer4.1.relu_1</c>. A component that starts with its parent's component plus a dot
/// extends the parent (<c>layer4</c> → <c>layer4.1</c>, <c>cv2.0</c> → <c>cv2.0.0</c>); any
/// other component is appended with a dot.
/// <para>
/// The dynamo exporter (PyTorch 2.9+) names nodes <c>node_conv2d_3</c> and keeps the scope in
/// the node's metadata instead: <c>pkg.torch.onnx.name_scopes</c> =
/// <c>['', 'layer4', 'layer4.1', 'conv2d_3']</c> (cumulative paths, the root first, the
/// node's own name last) and <c>namespace</c> = <c>: ResNet/layer4: Sequential/…/conv2d_3: aten.conv2d.default</c>
/// (the same with classes). Both give the same paths as the legacy names.
/// </para>
/// </summary>
public static class NodeScope
{
    public const string NameScopesKey = "pkg.torch.onnx.name_scopes", NamespaceKey = "namespace";

    /// <summary>The module paths of a node, outermost first: from its metadata when the exporter wrote scopes there, else from its name.</summary>
    public static IReadOnlyList<string> ModulePaths(CamSharp.Engine.Node node)
    {
        if (node.Metadata.TryGetValue(NameScopesKey, out var scopes) && PythonLiteral.Parse(scopes) is List<object> list
            && list.All(x => x is string))
            return Inner(list.Cast<string>().ToList());
        if (node.Metadata.TryGetValue(NamespaceKey, out var ns) && ns.Contains(": ", StringComparison.Ordinal))
            return Inner(ns.Split('/').Select(part => part.Split(": ", 2)[0]).ToList());
        return ModulePaths(node.Name);
    }

    /// <summary>The module paths in a root-first, node-last scope list: all but the root and the node's own name.</summary>
    private static List<string> Inner(List<string> scopes) =>
        scopes.Count <= 2 ? [] : scopes.GetRange(1, scopes.Count - 2).Where(p => p.Length > 0).ToList();

    /// <summary>
    /// The deepest module level kept; a node nested deeper belongs to its ancestor at this depth.
    /// Real networks nest a dozen levels; the cap keeps the tree linear in the length of a name
    /// (every level's path repeats its parent's, so 20,000 levels would take gigabytes).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// The module paths a node lies in, outermost first; empty for a name without scope
    /// (<c>Conv_219</c>, <c>/Flatten</c>, an empty name).
    /// </summary>
    public static IReadOnlyList<string> ModulePaths(string nodeName)
    {
        if (!nodeName.StartsWith('/')) return [];
        // The last component names the node itself ("Relu"), not a module.
        int end = nodeName.LastIndexOf('/');
        if (end <= 0) return [];
        return PathsOf(Components(nodeName.AsSpan(1, end - 1)));
    }

    /// <summary>The first <see cref="MaxDepth"/> non-empty components, without splitting the rest.</summary>
    private static string[] Components(ReadOnlySpan<char> scope)
    {
        var parts = new List<string>();
        foreach (var range in scope.Split('/'))
        {
            var part = scope[range];
            if (part.IsEmpty) continue;
            parts.Add(part.ToString());
            if (parts.Count == MaxDepth) break;
        }
        return parts.ToArray();
    }

    /// <summary>
    /// The module path of a scope written like a node-name prefix (<c>/layer4/layer4.1/</c>,
    /// as in layer maps), or null when it has no components.
    /// </summary>
    public static string? PathOfScope(string scope)
    {
        var paths = PathsOf(Components(scope));
        return paths.Count > 0 ? paths[^1] : null;
    }

    private static List<string> PathsOf(string[] components)
    {
        var paths = new List<string>(components.Length);
        string parentPath = "", parentComponent = "";
        foreach (var c in components)
        {
            string path = parentPath.Length == 0 ? c
                : parentComponent.Length > 0 && c.Length > parentComponent.Length + 1
                    && c.StartsWith(parentComponent, StringComparison.Ordinal) && c[parentComponent.Length] == '.'
                    ? parentPath + c[parentComponent.Length..]
                    : parentPath + "." + c;
            paths.Add(path);
            parentPath = path;
            parentComponent = c;
        }
        return paths;
    }
}
