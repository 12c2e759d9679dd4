using CamSharp.Engine;

namespace CamSharp.Onnx.Adapters;

/// <summary>
/// Attributes that opset 7 retired without a change of meaning for inference:
/// <c>consumed_inputs</c> (every op before opset 6), <c>is_test</c> (BatchNormalization,
/// Dropout) and Gemm's <c>broadcast</c> (opset 7 broadcasts C by the numpy rule, which
/// covers the old forms). A BatchNormalization with <c>is_test=0</c> computed batch
/// statistics, which is training, so it stays a problem.
/// </summary>
internal static class RetiredAttributes
{
    public static IEnumerable<Node> Adapt(Node node, long opset, AdapterContext ctx)
    {
        var a = node.Attributes;
        var retired = new List<string> { "consumed_inputs" };
        switch (node.OpType)
        {
            case "BatchNormalization":
                if (a.Has("is_test") && a.GetInt("is_test") == 0)
                    ctx.Problem(node, $"is_test=0 (opset {opset}) computes batch statistics, which is training; export the model in eval mode");
                retired.Add("is_test");
                break;
            case "Dropout":
                retired.Add("is_test");
                break;
            case "Gemm":
                retired.Add("broadcast");
                break;
        }
        if (!retired.Any(a.Has)) return [node];
        return [OpsetAdapter.With(node, attributes: a.Without([.. retired]))];
    }
}
