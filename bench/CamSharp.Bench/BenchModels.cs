using CamSharp.Tensors;

namespace CamSharp.Bench;

/// <summary>The models the bench runs, their input, the CAM layer (null: the default target layer) and the name the reference tables use.</summary>
internal static class BenchModels
{
    public sealed record Entry(string Name, string Path, int Size, string? InputTensor = null, string? Layer = null)
    {
        public string FullPath => System.IO.Path.Combine(References.Shared, Path);
    }

    public static IReadOnlyList<Entry> All { get; } =
    [
        new("resnet18", "fixtures/models/resnet18.onnx", 224, "fixtures/outputs/tensors/resnet18__d224__224x224.npy", "layer4"),
        new("mobilenet_v2", "fixtures/models/mobilenet_v2.onnx", 224, "fixtures/outputs/tensors/mobilenet_v2__d224__224x224.npy"),
        new("digitcnn", "fixtures/models/digitcnn.onnx", 96, "fixtures/outputs/tensors/digitcnn__d96_a__96x96.npy"),
        // The default target layer of a detector is its head's last value; model.15 is the P3 neck output.
        new("yolov8n", "assets/models/yolov8n_dequant_fp32.onnx", 640, Layer: "model.15"),
    ];

    /// <summary>A model of <see cref="All"/>, or one of the side-by-side bench's (<see cref="SideBySideBench.Models"/>).</summary>
    public static Entry Find(string name) =>
        All.FirstOrDefault(e => e.Name == name)
        ?? SideBySideBench.Models.Where(m => m.Name == name).Select(m => new Entry(m.Name, m.Path, m.Size)).FirstOrDefault()
        ?? throw new ArgumentException($"unknown model '{name}': {string.Join(", ", All.Select(e => e.Name).Concat(SideBySideBench.Models.Select(m => m.Name)).Distinct())}");

    /// <summary>The fixture tensor where there is one, else a fixed-seed random image (the timings do not depend on it).</summary>
    public static Tensor Input(Entry entry) =>
        entry.InputTensor is { } file ? Npy.ReadTensor(System.IO.Path.Combine(References.Shared, file)) : RandomInput(entry.Size);

    /// <summary>Uniform [0, 1) input, fixed seed.</summary>
    public static Tensor RandomInput(int size, int batch = 1)
    {
        var rng = new Random(0);
        var data = new float[batch * 3 * size * size];
        for (int i = 0; i < data.Length; i++) data[i] = (float)rng.NextDouble();
        return Tensor.FromFloats(data, batch, 3, size, size);
    }
}
