namespace CamSharp.Tensors;

/// <summary>
/// The element types the engine computes with. Every ONNX floating type is widened to
/// <see cref="Float32"/>, every integer type to <see cref="Int64"/>.
/// </summary>
public enum DataType
{
    Float32,
    Int64,
    Bool,
}
