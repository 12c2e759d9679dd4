using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>The models the bench runs, with their input size and the name the reference tables use.</summary>
internal static class BenchModels
{
    public sealed record Entry(string Name, string Path, int Size)
    {
        public string FullPath => System.IO.Path.Combine(References.Shared, Path);
    }

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("resnet18", "fixtures/models/resnet18.onnx", 224),
        new("mobilenet_v2", "fixtures/models/mobilenet_v2.onnx", 224),
        new("digitcnn", "fixtures/models/digitcnn.onnx", 96),
        new("yolov8n", "assets/models/yolov8n_dequant_fp32.onnx", 640),
    ];

    public static Entry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name) ?? throw new ArgumentException($"unknown model '{name}': {string.Join(", ", All.Select(e => e.Name))}");

    /// <summary>Uniform [0, 1) input, fixed seed.</summary>
    public static Tensor RandomInput(int size, int batch = 1)
    {
        var rng = new Random(0);
        var data = new float[batch * 3 * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        return Tensor.FromFloats(data, batch, 3, size, size);
    }
}
