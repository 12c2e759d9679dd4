using CamSharp.Engine;
using CamSharp.Onnx;

namespace CamSharp.Features;

/// <summary>
/// The PyTorch class of a module, for stage file names as Ultralytics writes them
/// (<c>stage2_C2f_features.png</c>). The dynamo exporter records classes in each node's
/// <c>namespace</c> metadata (<c>model.2: C2f</c>); legacy exports keep only scopes
/// (<c>/model.2/cv1/conv/Conv</c>), so the Ultralytics type is recognised from what the module
/// holds: C2f splits and concatenates bottlenecks, SPPF chains three MaxPools (SPP runs them side by side), Conv is a
/// convolution with its activation, Upsample a lone Resize, Concat a lone Concat, Detect a head
/// with a DFL. Anything else is named after the operator that ends it, as before.
/// </summary>
public static class ModuleTypeNames
{
    /// <summary>Operators that shape or convert values and say nothing about what a module is.</summary>
    private static readonly HashSet<string> Incidental =
        ["Constant", "Shape", "Gather", "Cast", "Unsqueeze", "Squeeze", "Identity", "DequantizeLinear", "QuantizeLinear", "ConstantOfShape", "Reshape"];

    /// <summary>The class name: from the exporter's metadata, else recognised from the structure, else the op type ending the module.</summary>
    public static string Of(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return FromNamespace(module) ?? FromStructure(module) ?? module.Nodes.LastOrDefault()?.OpType ?? "Module";
    }

    /// <summary>The class the dynamo exporter wrote for this path (<c>…/model.2: C2f/…</c>), its last dotted part.</summary>
    private static string? FromNamespace(Module module)
    {
        foreach (var node in module.Nodes)
        {
            if (!node.Metadata.TryGetValue(NodeScope.NamespaceKey, out var ns)) continue;
            foreach (var part in ns.Split('/'))
            {
                var pair = part.Split(": ", 2);
                if (pair.Length == 2 && pair[0] == module.Path && pair[1].Length > 0) return pair[1].Split('.')[^1];
            }
        }
        return null;
    }

    private static string? FromStructure(Module module)
    {
        var ops = module.Nodes.Select(n => n.OpType).Where(op => !Incidental.Contains(op)).ToArray();
        if (ops.Length == 0) return null;
        if (ops.All(op => op == "Resize")) return "Upsample";
        if (ops.All(op => op == "Concat")) return "Concat";
        var children = module.Children.Select(c => BaseName(c.Name)).ToHashSet();
        if (children.Contains("dfl")) return "Detect";
        var pools = module.Nodes.Where(n => n.OpType == "MaxPool").ToArray();
        if (pools.Length >= 3 && children.Contains("cv1") && children.Contains("cv2"))
            return pools.All(p => p.Inputs[0] == pools[0].Inputs[0]) ? "SPP" : "SPPF";
        var own = module.Nodes.Where(n => !module.Children.Any(c => c.Nodes.Contains(n))).Select(n => n.OpType).ToHashSet();
        if (children.SetEquals(["cv1", "cv2", "m"]) && own.Contains("Concat") && (own.Contains("Split") || own.Contains("Slice"))) return "C2f";
        if (children.SetEquals(["cv1", "cv2", "cv3", "m"])) return "C3";
        if (children.SetEquals(["cv1", "cv2"]) && own.Contains("Add")) return "Bottleneck";
        bool ownWork = own.Any(op => !Incidental.Contains(op));
        if (!ownWork && children.IsSubsetOf(["conv", "bn", "act"]) && children.Contains("conv") && ops.Count(op => op == "Conv") == 1) return "Conv";
        return null;
    }

    /// <summary>A child's name without its index (<c>m.0</c> → <c>m</c>) or the exporter's repeat suffix (<c>m_1</c> → <c>m</c>).</summary>
    private static string BaseName(string name)
    {
        string head = name.Split('.')[0];
        int underscore = head.LastIndexOf('_');
        return underscore > 0 && head[(underscore + 1)..].All(char.IsAsciiDigit) ? head[..underscore] : head;
    }
}
