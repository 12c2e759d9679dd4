using CamSharp.Engine;

namespace CamSharp.Explain;

/// <summary>
/// The layer a CAM uses when none is named: the last module whose output is spatial (4-D,
/// H and W &gt; 1) — the one before global pooling in a classifier. For token models
/// (<c>--vit-like</c>), the first norm of the last transformer block.
/// </summary>
public static class DefaultTargetLayer
{
    /// <summary>The module path (or value name for models without scopes) and its value.</summary>
    public static (string Name, string Value) Find(Model model, Plan plan, bool vitLike = false)
    {
        var modules = model.Modules.All.ToList();
        if (vitLike)
        {
            var norm = modules.Where(m => m.Name == "norm1" && m.OutputValues.Count == 1).LastOrDefault();
            if (norm is not null) return (norm.Path, norm.OutputValues[0]);
        }

        // The last spatial value in execution order, named by the shortest module path that outputs it.
        string? best = null;
        foreach (int n in plan.Graph.Order)
            foreach (var v in plan.Graph.Nodes[n].Outputs)
                if (v.Length > 0 && plan.TryShapeOf(v) is { Length: 4 } s && s[2] > 1 && s[3] > 1 && !IsConstant(plan, v)) best = v;
        if (best is null) throw new InputException($"{model.Source} has no 4-D spatial layer to explain; name a layer (its module path, value or node name).");
        var owner = modules.Where(m => m.OutputValues.Count == 1 && m.OutputValues[0] == best).OrderBy(m => m.Depth).FirstOrDefault();
        return (owner?.Path ?? best, best);
    }

    private static bool IsConstant(Plan plan, string value) => plan.Constants[plan.Graph.ValueId(value)] is not null;
}
