using CamSharp.Tensors;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>
/// The small Ultralytics stand-ins (tools/detector_export/export_yolo_standins.py) committed in
/// Detection/Data, the input they were run on in torch (sin(0.7 i), [1, 3, 128, 128]) and torch's output.
/// </summary>
internal static class StandInModels
{
    public const int Size = 128;

    public static string Path(string file)
    {
        string path = System.IO.Path.Combine(Fixtures.RepoRoot, "tests", "CamSharp.Tests", "Detection", "Data", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Test model missing: {path}");
    }

    public static Model Load(string stem) => Model.Load(Path(stem + ".onnx"));

    public static Tensor TorchOutput(string stem) => Npy.ReadTensor(Path(stem + "_output.npy"));

    public static Tensor Input() => CamSharp.Tests.Ops.SineTensors.Sine([1, 3, Size, Size]);
}
