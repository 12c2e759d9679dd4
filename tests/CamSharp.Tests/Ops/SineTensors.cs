using CamSharp.Tensors;

namespace CamSharp.Tests.Ops;

/// <summary>
/// Deterministic inputs shared with the Python scripts that compute reference results
/// (tools/reference_data/geometry_ops_reference.py): element i is sin(0.7 i + phase) · scale.
/// </summary>
internal static class SineTensors
{
    public static Tensor Sine(int[] shape, double phase = 0, double scale = 1)
    {
        var data = new float[ShapeUtil.Size(shape)];
        for (int i = 0; i < data.Length; i++) data[i] = (float)(Math.Sin(0.7 * i + phase) * scale);
        return Tensor.FromFloats(data, shape);
    }
}
