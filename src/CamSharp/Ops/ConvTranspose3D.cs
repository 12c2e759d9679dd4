using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using CamSharp.Tensors;
using CamSharp.Tensors.Kernels;

namespace CamSharp.Ops;

/// <summary>
/// The 3-D path of <see cref="ConvTranspose"/> (X N×C×D×H×W, W C×M/group×kD×kH×kW). Described
/// by the <see cref="Conv3D"/> convolution it inverts — that convolution's input is our output,
/// its output our input — so it reuses Conv3D's im2col and col2im: forward is Wᵀ·X then col2im,
/// dX is the convolution's forward of dY, dW is X·im2col(dY)ᵀ.
/// </summary>
internal static class ConvTranspose3D
{
    public static void Forward(Conv3D.Geometry g, Tensor x, Tensor w, Tensor? bias, Tensor y)
    {
        var output = y.FloatStorage;
        y.Floats.Clear(); // col2im adds into it
        var col = new float[(long)g.K * g.P];
        for (int n = 0; n < g.Batch; n++)
            for (int gr = 0; gr < g.Group; gr++)
            {
                // col (K×P) = W_grᵀ (K×M/group) · X_gr (M/group×P)
                Sgemm.Multiply(true, false, g.K, g.P, g.MPerGroup, 1f, Weights(g, w, gr), g.K, Planes(g, x, n, gr), g.P, 0f, col, g.P);
                Conv3D.Col2Im(g, col, output, (n * g.C + gr * g.CPerGroup) * g.InPlane);
            }
        if (bias is null) return;
        for (int n = 0; n < g.Batch; n++)
            for (int c = 0; c < g.C; c++)
            {
                var plane = y.Floats.Slice((n * g.C + c) * g.InPlane, g.InPlane);
                TensorPrimitives.Add(plane, bias.Floats[c], plane);
            }
    }

    /// <summary>dX (our input) = W_gr · im2col(dY); the same columns give dW += X_gr · im2col(dY)ᵀ.</summary>
    public static void Backward(Conv3D.Geometry g, Tensor x, Tensor w, Tensor dy, Tensor? dx, Tensor? dw)
    {
        var col = new float[(long)g.K * g.P];
        for (int n = 0; n < g.Batch; n++)
            for (int gr = 0; gr < g.Group; gr++)
            {
                Conv3D.Im2Col(g, dy.FloatStorage, (n * g.C + gr * g.CPerGroup) * g.InPlane, col);
                if (dx is not null)
                    Sgemm.Multiply(false, false, g.MPerGroup, g.P, g.K, 1f, Weights(g, w, gr), g.K, col, g.P, 0f,
                        dx.Floats.Slice((n * g.M + gr * g.MPerGroup) * g.P, g.MPerGroup * g.P), g.P);
                if (dw is not null)
                    Sgemm.Multiply(false, true, g.MPerGroup, g.K, g.P, 1f, Planes(g, x, n, gr), g.P, col, g.P, 1f,
                        dw.Floats.Slice(gr * g.MPerGroup * g.K, g.MPerGroup * g.K), g.K);
            }
    }

    /// <summary>db[c] = the sum of dY's plane c over the batch.</summary>
    public static void BiasGradient(Conv3D.Geometry g, Tensor dy, Tensor db)
    {
        for (int n = 0; n < g.Batch; n++)
            for (int c = 0; c < g.C; c++)
                db.Floats[c] += TensorPrimitives.Sum(dy.Floats.Slice((n * g.C + c) * g.InPlane, g.InPlane));
    }

    private static ReadOnlySpan<float> Weights(Conv3D.Geometry g, Tensor w, int gr) => w.Floats.Slice(gr * g.MPerGroup * g.K, g.MPerGroup * g.K);

    private static ReadOnlySpan<float> Planes(Conv3D.Geometry g, Tensor x, int n, int gr) =>
        x.Floats.Slice((n * g.M + gr * g.MPerGroup) * g.P, g.MPerGroup * g.P);
}
