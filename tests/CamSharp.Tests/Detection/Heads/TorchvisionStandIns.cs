using CamSharp.Tensors;

namespace CamSharp.Tests.Detection.Heads;

/// <summary>
/// The torchvision detector stand-ins (tools/detector_export/export_torchvision_standins.py) in
/// Detection/Data: torchvision's SSD, Faster R-CNN, Mask R-CNN and Keypoint R-CNN with tiny random
/// backbones, 4 classes (Keypoint R-CNN: 2, with 5 keypoints), one [3, 64, 64] image in, and torch's
/// outputs on the seeded input they share.
/// </summary>
internal static class TorchvisionStandIns
{
    public const string Ssd = "tv_ssd_standin", FasterRcnn = "tv_fasterrcnn_standin";

    /// <summary>Faster R-CNN's stand-in plus masks [N, 1, 64, 64] and keypoints [N, 5, 3] with their scores [N, 5], made in a Loop.</summary>
    public const string MaskRcnn = "tv_maskrcnn_standin", KeypointRcnn = "tv_keypointrcnn_standin";

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

    /// <summary>torch's output <paramref name="key"/> (boxes, scores, labels, masks, keypoints or keypoints_scores).</summary>
    public static Tensor Torch(string stem, string key) => Npy.ReadTensor(StandInModels.Path($"{stem}_{key}.npy"));
}
