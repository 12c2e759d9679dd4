using CamSharp.Engine;
using CamSharp.Explain;

namespace CamSharp.Application;

/// <summary>
/// Refuses layers whose map would be nonsense for a method and warns about doubtful ones,
/// before any image is explained: a map of one pixel, the model's own output, tokens with no
/// grid; a class-score map on which the gradient methods all give the same picture.
/// </summary>
internal static class LayerChecks
{
    public static void Check(GraphFacts g, ModelProfile profile, LayerChoice layer, MethodInfo method, List<string> warnings)
    {
        foreach (var v in layer.Values)
        {
            if (g.Model.Graph.OutputNames.Contains(v))
                throw new InputException($"Layer '{layer.Name}' is the model's own output '{v}'; a class map needs a layer inside the network.") { Parameter = nameof(ExplainerOptions.Layers) };
            var shape = g.Shape(v);
            if (shape is null) continue;
            bool flat = layer.Layout switch
            {
                FeatureLayout.Tokens => shape.Length != 3,
                FeatureLayout.ChannelsLast => shape.Length != 4 || shape[1] * shape[2] <= 1,
                FeatureLayout.Volume => shape.Length != 5,
                _ => shape.Length != 4 || shape[2] * shape[3] <= 1,
            };
            if (flat && method.Output != MethodOutput.InputGradient)
                throw new InputException($"Layer '{layer.Name}' ('{v}') has shape [{string.Join(", ", shape)}], which has no spatial extent to show as a {layer.Layout} map; choose an earlier layer.") { Parameter = nameof(ExplainerOptions.Layers) };
            if (layer.Layout == FeatureLayout.Tokens && layer.TokenGrid is null)
                throw new InputException($"Layer '{layer.Name}' holds {shape[1]} tokens, which form no square grid after dropping {layer.ExtraTokens} extra token(s). Tried: {TokenGridReshape.GridsTried(shape[1])}. Give the number of extra tokens or the grid.") { Parameter = nameof(ExplainerOptions.TokenGrid) };
            if (method.UsesGradients && profile.Kind == ModelKind.Classifier && layer.Layout == FeatureLayout.ChannelsFirst
                && profile.Classes is int k && shape[1] == k && FeedsOnlyPooling(g, v) && profile.CamLayer?.Name != layer.Name)
                warnings.Add($"Layer '{layer.Name}' is the class-score map ({k} channels, then global pooling): its gradient is the same at every pixel, so gradcam, gradcam++, xgradcam and layercam give the same picture there. {profile.CamLayer?.Name ?? "An earlier layer"} shows more.");
        }
    }

    /// <summary>
    /// Deep Feature Factorization's concept count against its layer, before any forward pass:
    /// a rank above min(channels, positions) finds nothing new, and its factors grow with it.
    /// Positions are known only for a model of fixed input size; channels always.
    /// </summary>
    public static void CheckConcepts(GraphFacts g, LayerChoice layer, int concepts, bool fixedSize)
    {
        if (concepts < 1)
            throw new InputException($"Deep Feature Factorization needs at least one concept; got {concepts}.") { Parameter = nameof(ExplainerOptions.Concepts) };
        string v = layer.Values[0];
        if (g.Shape(v) is not { } shape) return;
        if (shape.Length != 4)
            throw new InputException($"Deep Feature Factorization needs an N×C×H×W layer; '{layer.Name}' ('{v}') has shape [{string.Join(", ", shape)}].") { Parameter = nameof(ExplainerOptions.Layers) };
        long most = fixedSize ? System.Math.Min(shape[1], (long)shape[2] * shape[3]) : shape[1];
        if (concepts > most)
            throw new InputException($"{concepts} concepts asked, but layer '{layer.Name}' [{string.Join(", ", shape)}] supports at most {most} (its {(fixedSize ? "channels or positions, whichever is fewer" : "channels")}).") { Parameter = nameof(ExplainerOptions.Concepts) };
    }

    /// <summary>Whether the value reaches the output through pooling and activations only.</summary>
    private static bool FeedsOnlyPooling(GraphFacts g, string value)
    {
        string v = value;
        for (int i = 0; i < 8; i++)
        {
            var consumers = g.Consumers(v).ToList();
            if (consumers.Count != 1) return false;
            var c = consumers[0];
            if (c.OpType is "GlobalAveragePool" or "ReduceMean" or "GlobalMaxPool") return true;
            if (c.OpType is not ("Relu" or "Clip" or "Identity" or "Dropout")) return false;
            v = c.Outputs[0];
        }
        return false;
    }
}
