using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// ONNX MatMul with NumPy semantics: a 1-D operand is promoted to a matrix (and that axis
/// dropped from the result), leading dims broadcast. Both operands may be activations (a
/// transformer's attention), so both get gradients.
/// </summary>
internal sealed class MatMul : Operator
{
    public MatMul(Node node) : base(node) { }

    public override void Infer(InferContext ctx) =>
        ctx.SetOutput(0, DataType.Float32, Plan(ctx.Input(0), ctx.Input(1)).OutputShape);

    public override void Forward(ForwardContext ctx)
    {
        var a = ctx.Input(0);
        var b = ctx.Input(1);
        var p = Plan(new(a.Type, a.Shape), new(b.Type, b.Shape));
        var y = ctx.Output(0).Floats;
        if (ctx.Precise)
        {
            for (int t = 0; t < p.Batch; t++)
                PreciseKernels.Gemm(false, false, p.M, p.N, p.K, 1f, a.FloatStorage, p.AOffset[t], p.K,
                    b.FloatStorage, p.BOffset[t], p.N, 0f, ctx.Output(0).FloatStorage, t * p.M * p.N, p.N);
            return;
        }
        if (p.FoldBatchIntoRows)
        {
            // B is one matrix: all of A's batches are rows of one GEMM.
            Sgemm.Multiply(false, false, p.Batch * p.M, p.N, p.K, 1f, a.Floats, p.K, b.Floats, p.N, 0f, y, p.N);
            return;
        }
        long macs = (long)p.M * p.N * p.K;
        if (macs >= SmallProduct)
        {
            // Each product is big enough to split across the cores by itself.
            for (int t = 0; t < p.Batch; t++)
                Sgemm.Multiply(false, false, p.M, p.N, p.K, 1f, a.Floats.Slice(p.AOffset[t], p.M * p.K), p.K,
                    b.Floats.Slice(p.BOffset[t], p.K * p.N), p.N, 0f, y.Slice(t * p.M * p.N, p.M * p.N), p.N);
            return;
        }
        // Many small products (attention heads): one thread each, products side by side.
        float[] av = a.FloatArray, bv = b.FloatArray, yv = ctx.Output(0).FloatArray;
        CoarseParallel.ForChunks(p.Batch, macs, (t0, t1) =>
        {
            for (int t = t0; t < t1; t++)
                Sgemm.Multiply(Sgemm.Selected, 1, false, false, p.M, p.N, p.K, 1f, av.AsSpan(p.AOffset[t], p.M * p.K), p.K,
                    bv.AsSpan(p.BOffset[t], p.K * p.N), p.N, 0f, yv.AsSpan(t * p.M * p.N, p.M * p.N), p.N, default);
        });
    }

    /// <summary>Products below this many multiply-adds are not worth splitting across threads.</summary>
    private const long SmallProduct = 1 << 20;

    public override void Backward(BackwardContext ctx)
    {
        var aInfo = ctx.InputInfo(0);
        var bInfo = ctx.InputInfo(1);
        var p = Plan(aInfo, bInfo);
        var dy = ctx.OutputGrad(0);
        if (ctx.NeedsInputGrad(0))
        {
            // dA = dY·Bᵀ, summed over the batches that A was broadcast to.
            var da = Tensor.Zeros(DataType.Float32, aInfo.Shape);
            if (dy is not null)
            {
                var b = ctx.Input(1).Floats;
                if (p.FoldBatchIntoRows)
                    Sgemm.Multiply(false, true, p.Batch * p.M, p.K, p.N, 1f, dy.Floats, p.N, b, p.N, 0f, da.Floats, p.K);
                else
                    for (int t = 0; t < p.Batch; t++)
                        Sgemm.Multiply(false, true, p.M, p.K, p.N, 1f, dy.Floats.Slice(t * p.M * p.N, p.M * p.N), p.N,
                            b.Slice(p.BOffset[t], p.K * p.N), p.N, 1f, da.Floats.Slice(p.AOffset[t], p.M * p.K), p.K);
            }
            ctx.SetInputGrad(0, da);
        }
        if (ctx.NeedsInputGrad(1))
        {
            // dB = Aᵀ·dY, summed over the batches that B was broadcast to.
            var db = Tensor.Zeros(DataType.Float32, bInfo.Shape);
            if (dy is not null)
            {
                var a = ctx.Input(0).Floats;
                if (p.FoldBatchIntoRows)
                    Sgemm.Multiply(true, false, p.K, p.N, p.Batch * p.M, 1f, a, p.K, dy.Floats, p.N, 0f, db.Floats, p.N);
                else
                    for (int t = 0; t < p.Batch; t++)
                        Sgemm.Multiply(true, false, p.K, p.N, p.M, 1f, a.Slice(p.AOffset[t], p.M * p.K), p.K,
                            dy.Floats.Slice(t * p.M * p.N, p.M * p.N), p.N, 1f, db.Floats.Slice(p.BOffset[t], p.K * p.N), p.N);
            }
            ctx.SetInputGrad(1, db);
        }
    }

    /// <summary>
    /// Matrix sizes, the output shape, and for each output batch the offsets of its A and B
    /// matrices (broadcast dims repeat an offset).
    /// </summary>
    private sealed record BatchPlan(int M, int N, int K, int Batch, int[] AOffset, int[] BOffset, int[] OutputShape, bool FoldBatchIntoRows);

    private BatchPlan Plan(TensorInfo a, TensorInfo b)
    {
        if (a.Type != DataType.Float32 || b.Type != DataType.Float32) throw Error($"inputs are {a.Type} and {b.Type}, expected Float32");
        if (a.Rank == 0 || b.Rank == 0) throw Error($"inputs have {a.Rank} and {b.Rank} dims; MatMul needs at least 1 each");
        // NumPy promotion: [K] · … is [1, K] · …, … · [K] is … · [K, 1].
        int[] sa = a.Rank == 1 ? [1, a.Shape[0]] : a.Shape;
        int[] sb = b.Rank == 1 ? [b.Shape[0], 1] : b.Shape;
        int m = sa[^2], k = sa[^1], n = sb[^1];
        if (sb[^2] != k)
            throw Error($"A [{ShapeUtil.Format(a.Shape)}] has K = {k}, B [{ShapeUtil.Format(b.Shape)}] has K = {sb[^2]}");
        int[] aBatch = sa[..^2], bBatch = sb[..^2];
        int[] batch = ShapeUtil.TryBroadcast(aBatch, bBatch)
            ?? throw Error($"batch dims [{ShapeUtil.Format(aBatch)}] of A and [{ShapeUtil.Format(bBatch)}] of B do not broadcast");
        var output = new List<int>(batch);
        if (a.Rank > 1) output.Add(m);
        if (b.Rank > 1) output.Add(n);
        int count = ShapeUtil.Size(batch);
        var aOff = Offsets(aBatch, batch, m * k);
        var bOff = Offsets(bBatch, batch, k * n);
        // Folding needs A's batches laid out contiguously in output order: B has no batch dims.
        bool fold = bBatch.Length == 0 || ShapeUtil.Size(bBatch) == 1 && ShapeUtil.Equal(aBatch, batch);
        return new BatchPlan(m, n, k, count, aOff, bOff, output.ToArray(), fold && count > 1);
    }

    /// <summary>Start of each output batch's matrix within an operand with batch dims <paramref name="own"/>.</summary>
    private static int[] Offsets(int[] own, int[] batch, int matrixSize)
    {
        int count = ShapeUtil.Size(batch);
        var offsets = new int[count];
        var ownStrides = ShapeUtil.Strides(own);
        var index = new int[batch.Length];
        for (int t = 0; t < count; t++)
        {
            int off = 0;
            for (int d = 0; d < own.Length; d++)
            {
                int outDim = d + batch.Length - own.Length;
                if (own[d] != 1) off += index[outDim] * ownStrides[d];
            }
            offsets[t] = off * matrixSize;
            for (int d = batch.Length - 1; d >= 0 && ++index[d] == batch[d]; d--) index[d] = 0;
        }
        return offsets;
    }
}
