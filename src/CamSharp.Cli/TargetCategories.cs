using CamSharp.Tensors;

namespace CamSharp.Cli;

/// <summary>--target-category: one class per batch row.</summary>
internal static class TargetCategories
{
    /// <summary>
    /// Several classes for one image repeat the image once per class (one panel or gradient row
    /// each); otherwise the count must match the batch.
    /// </summary>
    public static Tensor RowsFor(Tensor tensor, int[]? classes)
    {
        if (classes is { Length: > 1 } && tensor.Shape[0] == 1) tensor = TensorRows.Tile(tensor, classes.Length);
        if (classes is not null && classes.Length != tensor.Shape[0])
            throw new CliException($"{classes.Length} target categories for a batch of {tensor.Shape[0]}: give one per image.");
        return tensor;
    }
}
