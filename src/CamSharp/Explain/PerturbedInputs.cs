using CamSharp.Engine;
using CamSharp.Tensors;

namespace CamSharp.Explain;

/// <summary>
/// Runs the whole network on many perturbed copies of one image (RISE's masked images,
/// SS-CAM's noisy masks), in batches that fit the memory budget, as Score-CAM does.
/// </summary>
internal static class PerturbedInputs
{
    /// <summary>
    /// For k in [0, <paramref name="count"/>): <paramref name="fill"/>(k, copy) writes copy k
    /// (C×H×W, one image of <paramref name="inputShape"/>), then <paramref name="read"/>(k,
    /// outputs, row) reads its outputs at batch row <c>row</c>.
    /// </summary>
    public static void Run(Model model, CamOptions options, int[] inputShape, int count,
        Action<int, Span<float>> fill, Action<int, IReadOnlyList<Tensor>, int> read, CancellationToken cancel = default)
    {
        int cIn = inputShape[1], height = inputShape[2], width = inputShape[3], imageSize = cIn * height * width;
        if (model.TakesOneImage)
        {
            OneAtATime(model, options, [cIn, height, width], count, fill, read, cancel);
            return;
        }
        var single = model.Session.GetPlan(1, cIn, height, width);
        int batch = CamBatching.RowsPerPass(options, single.PeakBytes + single.LargestTensorBytes, count, model.Limits.MemoryBytes);
        batch = CamBatching.RowsTheModelTakes(model.Session, batch, inputShape);
        for (int start = 0; start < count; start += batch)
        {
            cancel.ThrowIfCancellationRequested();
            int rows = System.Math.Min(batch, count - start);
            using var copies = Tensor.Uninitialized(DataType.Float32, [rows, cIn, height, width]);
            for (int k = 0; k < rows; k++) fill(start + k, copies.Floats.Slice(k * imageSize, imageSize));
            using var pass = model.Session.Run(copies, new RunOptions { Precise = options.Precise });
            for (int k = 0; k < rows; k++) read(start + k, pass.Outputs, k);
        }
    }

    /// <summary>
    /// A model that takes one unbatched [C, H, W] image (torchvision's detectors) cannot stack
    /// copies: each runs alone, under the model's memory budget, and is read at row 0.
    /// </summary>
    private static void OneAtATime(Model model, CamOptions options, int[] imageShape, int count,
        Action<int, Span<float>> fill, Action<int, IReadOnlyList<Tensor>, int> read, CancellationToken cancel)
    {
        using var copy = Tensor.Uninitialized(DataType.Float32, imageShape);
        var inputs = new Dictionary<string, Tensor> { [model.Session.InputName] = copy };
        for (int k = 0; k < count; k++)
        {
            cancel.ThrowIfCancellationRequested();
            fill(k, copy.Floats);
            using var pass = model.Session.Run(inputs, new RunOptions { Precise = options.Precise });
            read(k, pass.Outputs, 0);
        }
    }
}
