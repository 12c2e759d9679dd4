using CamSharp.Engine;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// ONNX Gemm: Y = alpha·op(A)·op(B) + beta·C, A and B 2-D, C (optional from opset 11)
/// unidirectionally broadcast to M×N. Gradients for every input the caller asks for.
/// </summary>
internal sealed class Gemm : Operator
{
    private readonly float _alpha, _beta;
    private readonly bool _transA, _transB;

    public Gemm(Node node) : base(node)
    {
        var a = node.Attributes;
        _alpha = a.GetFloat("alpha", 1f);
        _beta = a.GetFloat("beta", 1f);
        _transA = a.GetInt("transA", 0) != 0;
        _transB = a.GetInt("transB", 0) != 0;
    }

    public override void Infer(InferContext ctx)
    {
        var (m, n, _) = Sizes(ctx.Input(0), ctx.Input(1));
        if (ctx.HasInput(2)) CheckC(ctx.Input(2), m, n);
        ctx.SetOutput(0, DataType.Float32, [m, n]);
    }

    public override void Forward(ForwardContext ctx)
    {
        var a = ctx.Input(0);
        var b = ctx.Input(1);
        var (m, n, k) = Sizes(Info(a), Info(b));
        var y = ctx.Output(0);
        float beta = 0f;
        if (ctx.OptionalInput(2) is { } c && _beta != 0)
        {
            BroadcastC(c, y.Floats, m, n);
            beta = _beta;
        }
        if (ctx.Precise)
            PreciseKernels.Gemm(_transA, _transB, m, n, k, _alpha, a.FloatStorage, 0, a.Shape[1], b.FloatStorage, 0, b.Shape[1], beta, y.FloatStorage, 0, n);
        else
            Sgemm.Multiply(_transA, _transB, m, n, k, _alpha, a.Floats, a.Shape[1], b.Floats, b.Shape[1], beta, y.Floats, n);
    }

    public override void Backward(BackwardContext ctx)
    {
        var aInfo = ctx.InputInfo(0);
        var bInfo = ctx.InputInfo(1);
        var (m, n, k) = Sizes(aInfo, bInfo);
        var dy = ctx.OutputGrad(0);
        int lda = aInfo.Shape[1], ldb = bInfo.Shape[1];
        if (ctx.NeedsInputGrad(0))
        {
            var da = Tensor.Uninitialized(DataType.Float32, aInfo.Shape);
            if (dy is null) da.Clear();
            // d op(A) = alpha·dY·op(B)ᵀ; stored transposed, dA = alpha·op(B)·dYᵀ.
            else if (!_transA) Sgemm.Multiply(false, !_transB, m, k, n, _alpha, dy.Floats, n, ctx.Input(1).Floats, ldb, 0f, da.Floats, k);
            else Sgemm.Multiply(_transB, true, k, m, n, _alpha, ctx.Input(1).Floats, ldb, dy.Floats, n, 0f, da.Floats, m);
            ctx.SetInputGrad(0, da);
        }
        if (ctx.NeedsInputGrad(1))
        {
            var db = Tensor.Uninitialized(DataType.Float32, bInfo.Shape);
            if (dy is null) db.Clear();
            // d op(B) = alpha·op(A)ᵀ·dY; stored transposed, dB = alpha·dYᵀ·op(A).
            else if (!_transB) Sgemm.Multiply(!_transA, false, k, n, m, _alpha, ctx.Input(0).Floats, lda, dy.Floats, n, 0f, db.Floats, n);
            else Sgemm.Multiply(true, _transA, n, k, m, _alpha, dy.Floats, n, ctx.Input(0).Floats, lda, 0f, db.Floats, k);
            ctx.SetInputGrad(1, db);
        }
        if (ctx.NeedsInputGrad(2))
        {
            var dc = Tensor.Zeros(DataType.Float32, ctx.InputInfo(2).Shape);
            if (dy is not null && _beta != 0) ReduceToC(dy.Floats, dc, m, n, _beta);
            ctx.SetInputGrad(2, dc);
        }
    }

    private (int M, int N, int K) Sizes(TensorInfo a, TensorInfo b)
    {
        if (a.Type != DataType.Float32 || b.Type != DataType.Float32) throw Error($"inputs are {a.Type} and {b.Type}, expected Float32");
        if (a.Rank != 2) throw Error($"A has {a.Rank} dims, expected 2");
        if (b.Rank != 2) throw Error($"B has {b.Rank} dims, expected 2");
        int m = _transA ? a.Shape[1] : a.Shape[0], ka = _transA ? a.Shape[0] : a.Shape[1];
        int kb = _transB ? b.Shape[1] : b.Shape[0], n = _transB ? b.Shape[0] : b.Shape[1];
        if (ka != kb)
            throw Error($"A [{ShapeUtil.Format(a.Shape)}] (transA={(_transA ? 1 : 0)}) has K = {ka}, B [{ShapeUtil.Format(b.Shape)}] (transB={(_transB ? 1 : 0)}) has K = {kb}");
        return (m, n, ka);
    }

    private void CheckC(TensorInfo c, int m, int n)
    {
        bool fits = c.Rank switch
        {
            0 => true,
            1 => c.Shape[0] == n || c.Shape[0] == 1,
            2 => (c.Shape[0] == m || c.Shape[0] == 1) && (c.Shape[1] == n || c.Shape[1] == 1),
            _ => false,
        };
        if (!fits) throw Error($"C has shape [{ShapeUtil.Format(c.Shape)}], which does not broadcast to [{m}, {n}]");
    }

    /// <summary>C viewed as rows × cols with size-1 dims broadcast (a 1-D C is one row).</summary>
    private static (int Rows, int Cols) CShape(int[] shape) => shape.Length switch
    {
        0 => (1, 1),
        1 => (1, shape[0]),
        _ => (shape[0], shape[1]),
    };

    private static void BroadcastC(Tensor c, Span<float> y, int m, int n)
    {
        var (rows, cols) = CShape(c.Shape);
        var src = c.Floats;
        for (int i = 0; i < m; i++)
        {
            var dst = y.Slice(i * n, n);
            var row = src.Slice(rows == 1 ? 0 : i * cols, cols);
            if (cols == 1) dst.Fill(row[0]);
            else row.CopyTo(dst);
        }
    }

    private static void ReduceToC(ReadOnlySpan<float> dy, Tensor dc, int m, int n, float beta)
    {
        var (rows, cols) = CShape(dc.Shape);
        var d = dc.Floats;
        for (int i = 0; i < m; i++)
        {
            var src = dy.Slice(i * n, n);
            int r = rows == 1 ? 0 : i * cols;
            if (cols == 1) d[r] += beta * System.Numerics.Tensors.TensorPrimitives.Sum(src);
            else for (int j = 0; j < n; j++) d[r + j] += beta * src[j];
        }
    }

    private static TensorInfo Info(Tensor t) => new(t.Type, t.Shape);
}
