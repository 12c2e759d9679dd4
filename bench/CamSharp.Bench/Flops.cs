using CamSharp.Engine;

namespace CamSharp.Bench;

/// <summary>2 × multiply-accumulates of Conv, Gemm and MatMul nodes in a plan (the convention of the reference tables).</summary>
internal static class Flops
{
    public static double Of(Plan plan) => plan.Graph.Nodes.Sum(n => OfNode(plan, n));

    /// <summary>The flops of one node (0 for operators that are not counted).</summary>
    public static double OfNode(Plan plan, Node node)
    {
        double total = 0;
        {
            switch (node.OpType)
            {
                case "Conv":
                    {
                        var w = plan.TryShapeOf(node.Inputs[1]);
                        var y = plan.TryShapeOf(node.Outputs[0]);
                        if (w is null || y is null) break;
                        double perOutput = 1;
                        for (int d = 1; d < w.Length; d++) perOutput *= w[d];
                        double outputs = 1;
                        foreach (int d in y) outputs *= d;
                        total += 2 * outputs * perOutput;
                        break;
                    }
                case "Gemm" or "MatMul":
                    {
                        var a = plan.TryShapeOf(node.Inputs[0]);
                        var y = plan.TryShapeOf(node.Outputs[0]);
                        if (a is null || y is null) break;
                        bool transA = node.OpType == "Gemm" && node.Attributes.GetInt("transA", 0) == 1;
                        double k = transA ? a[^2] : a[^1];
                        double outputs = 1;
                        foreach (int d in y) outputs *= d;
                        total += 2 * outputs * k;
                        break;
                    }
            }
        }
        return total;
    }
}
