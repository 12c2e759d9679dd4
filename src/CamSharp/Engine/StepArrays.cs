using CamSharp.Tensors;

namespace CamSharp.Engine;

/// <summary>
/// The input and output arrays one run hands its operators, one of each length, reused from
/// node to node (operators read them during the call and keep neither). The executor clears
/// them after each node so no tensor outlives its use through them.
/// </summary>
internal sealed class StepArrays
{
    private Tensor?[]?[] _inputs = new Tensor?[]?[4];
    private Tensor[]?[] _outputs = new Tensor[]?[4];

    /// <summary>An array of exactly <paramref name="length"/> null entries.</summary>
    public Tensor?[] Inputs(int length) => Get(ref _inputs, length, static n => new Tensor?[n]);

    /// <summary>An array of exactly <paramref name="length"/> slots for output tensors.</summary>
    public Tensor[] Outputs(int length) => Get(ref _outputs, length, static n => new Tensor[n]);

    private static T Get<T>(ref T?[] byLength, int length, Func<int, T> make) where T : class
    {
        if (length >= byLength.Length) Array.Resize(ref byLength, length + 1);
        return byLength[length] ??= make(length);
    }
}
