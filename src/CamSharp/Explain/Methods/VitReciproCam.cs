using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain.Methods;

/// <summary>
/// ViT-ReciproCAM (Byun &amp; Lee 2023, arXiv:2310.02588), as OpenVINO XAI's <c>ViTReciproCAM</c>
/// (Gaussian masks, class token kept): the layer is a block's input tokens [N, T, D] (by default
/// the last block's). Per grid cell a copy keeps the extra (class) tokens and weights the grid
/// tokens by a 3×3 Gaussian around that cell (zero elsewhere); the copy replaces both the
/// block's residual input and, masked the same way, its first norm's output, and the rest of
/// the network runs on the copies. The target's score of copy (i, j) is the map at (i, j),
/// min–max scaled without a ReLU (the raw map is shifted to start at 0). The grid is the
/// activation reshape's (e.g. <see cref="TokenGridReshape"/>); the tokens before it are kept.
/// </summary>
public sealed class VitReciproCam : CamMethod, IRerunsDownstream
{
    /// <summary>OpenVINO XAI's kernel: 1/4 at the cell, 1/8 beside it, 1/16 diagonally.</summary>
    private static readonly float[] Gaussian = [1 / 16f, 1 / 8f, 1 / 16f, 1 / 8f, 1 / 4f, 1 / 8f, 1 / 16f, 1 / 8f, 1 / 16f];

    public override string Name => "vitreciprocam";

    public override bool UsesGradients => false;

    public override float[] LayerMap(CamContext ctx, CamLayer layer, int b)
    {
        string tokens = layer.Value;
        string norm = BlockNorm(ctx.Model.Graph, tokens);
        using var image = TensorRows.Row(ctx.Input, b);
        using var pass = ctx.Model.Session.Run(image, new RunOptions { Taps = [tokens, norm], RerunFrom = [tokens, norm], Precise = ctx.Options.Precise });
        var x = pass.Value(tokens);
        var n = pass.Value(norm);
        int h = layer.Height, w = layer.Width, cells = h * w;
        if (x.Rank != 3 || x.Shape[1] < cells || !ShapeUtil.Equal(x.Shape, n.Shape))
            throw new InputException($"ViT-ReciproCAM needs tokens [N, T, D] with an {h}×{w} grid at '{tokens}' and its norm '{norm}'; got [{ShapeUtil.Format(x.Shape)}] and [{ShapeUtil.Format(n.Shape)}].");

        var scores = new float[cells];
        long perRow = System.Math.Max(pass.RunFromBytesPerRow(tokens), pass.Plan.PeakBytes);
        int batch = CamBatching.RowsPerPass(ctx.Options, perRow, cells, ctx.Model.Limits.MemoryBytes);
        for (int start = 0; start < cells; start += batch)
        {
            int count = System.Math.Min(batch, cells - start);
            using var xs = Mosaic(x, start, count, h, w);
            using var ns = Mosaic(n, start, count, h, w);
            var outputs = pass.RunFrom([(tokens, xs), (norm, ns)]);
            try
            {
                for (int k = 0; k < count; k++) scores[start + k] = ctx.Targets[b].Score(outputs, k);
            }
            finally
            {
                foreach (var o in outputs) o.Dispose();
            }
        }
        float min = System.Numerics.Tensors.TensorPrimitives.Min(scores);
        System.Numerics.Tensors.TensorPrimitives.Subtract(scores, min, scores);
        return scores;
    }

    /// <summary>Copies <paramref name="start"/> … of [1, T, D] tokens: extra tokens kept, grid tokens weighted by the Gaussian around the copy's cell.</summary>
    private static Tensor Mosaic(Tensor value, int start, int count, int h, int w)
    {
        int t = value.Shape[1], d = value.Shape[2], extra = t - h * w, size = t * d;
        var result = Tensor.Zeros(DataType.Float32, [count, t, d]);
        var src = value.Floats;
        for (int k = 0; k < count; k++)
        {
            var dst = result.Floats.Slice(k * size, size);
            src[..(extra * d)].CopyTo(dst);
            int ci = (start + k) / w, cj = (start + k) % w;
            for (int di = -1; di <= 1; di++)
                for (int dj = -1; dj <= 1; dj++)
                {
                    int i = ci + di, j = cj + dj;
                    if (i < 0 || i >= h || j < 0 || j >= w) continue;
                    int at = (extra + i * w + j) * d;
                    System.Numerics.Tensors.TensorPrimitives.Multiply(src.Slice(at, d), Gaussian[(di + 1) * 3 + dj + 1], dst.Slice(at, d));
                }
        }
        return result;
    }

    /// <summary>
    /// The first norm of the block that reads <paramref name="tokens"/>: the value feeds exactly
    /// an Add (the residual) and one other node, whose single-consumer chain ends at a
    /// LayerNormalization (or, decomposed, at its closing Add) — OpenVINO XAI's rule.
    /// </summary>
    private static string BlockNorm(Graph graph, string tokens)
    {
        var consumers = graph.Nodes.Where(nd => nd.Inputs.Contains(tokens)).ToList();
        var branch = consumers.Where(nd => nd.OpType != "Add").ToList();
        if (consumers.Count != 2 || branch.Count != 1)
            throw new InputException($"ViT-ReciproCAM's layer must be a transformer block's input, read by its residual Add and its first norm; '{tokens}' is read by {consumers.Count} node(s): {string.Join(", ", consumers.Select(c => c.OpType))}.");
        var node = branch[0];
        for (int steps = 0; node.OpType is not ("LayerNormalization" or "Add"); steps++)
        {
            var next = graph.Nodes.Where(nd => nd.Inputs.Contains(node.Outputs[0])).ToList();
            if (next.Count != 1 || steps > 64)
                throw new InputException($"ViT-ReciproCAM cannot find the norm after '{tokens}': {node} feeds {next.Count} nodes.");
            node = next[0];
        }
        return node.Outputs[0];
    }
}
