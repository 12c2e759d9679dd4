using CamSharp.Tensors;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>
/// The torchvision detector stand-ins (tools/detector_export/export_torchvision_standins.py) in
/// Detection/Data: torchvision's SSD and Faster R-CNN with tiny random backbones, 4 classes,
/// one [3, 64, 64] image in, and torch's outputs on the seeded input they share.
/// </summary>
internal static class TorchvisionStandIns
{
    public const string Ssd = "tv_ssd_standin", FasterRcnn = "tv_fasterrcnn_standin";

    public const int Size = 64, Classes = 4;

    public static string Path(string stem) => StandInModels.Path(stem + ".onnx");

    public static Model Load(string stem) => StandInModels.Load(stem);

    /// <summary>The [3, 64, 64] image torch ran.</summary>
    public static Tensor Image() => Npy.ReadTensor(StandInModels.Path("tv_standin_input.npy"));

    /// <summary>The same image as a batch of one, as the CLI and the explainers hand it over.</summary>
    public static Tensor Batch()
    {
        using var image = Image();
        return image.Clone([1, .. image.Shape]);
    }

    /// <summary>torch's output <paramref name="key"/> (boxes, scores or labels).</summary>
    public static Tensor Torch(string stem, string key) => Npy.ReadTensor(StandInModels.Path($"{stem}_{key}.npy"));
}
