using CamSharp.Engine;

namespace CamSharp.Detection;

/// <summary>The detector output layouts CamSharp can decode.</summary>
public enum HeadKind
{
    /// <summary>Ultralytics YOLOv8/v11: [N, 4+nc, A], cx cy w h in input pixels, sigmoid class scores.</summary>
    YoloV8,

    /// <summary>YOLOv5/v7: [N, A, 5+nc], decoded cx cy w h, objectness × class.</summary>
    YoloV5,

    /// <summary>YOLOX: [N, A, 5+nc] grid offsets for strides 8/16/32, objectness × class.</summary>
    Yolox,

    /// <summary>FastestDet: [N, 5+nc, H, W], [obj, tx, ty, tw, th, class probabilities].</summary>
    FastestDet,

    /// <summary>The fixture digit detector: [N, 5+nc, H, W] raw logits, stride 8.</summary>
    TinyYolo,

    /// <summary>YOLOv10/YOLO26 end-to-end: [N, K, 6] = x0 y0 x1 y1 score class after TopK; no NMS.</summary>
    EndToEnd,

    /// <summary>torchvision's SSD, Faster R-CNN, RetinaNet, FCOS: boxes [N, 4], scores [N], labels [N] after NMS in the graph; one [3, H, W] image in.</summary>
    Torchvision,
}

/// <summary>Names of the head kinds as users type them (<c>--head yolov8</c>).</summary>
public static class HeadKinds
{
    public static readonly IReadOnlyList<string> Names = ["yolov8", "yolov5", "yolox", "fastestdet", "tinyyolo", "e2e", "torchvision"];

    public static HeadKind Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "yolov8" or "yolov11" or "yolo11" or "v8" => HeadKind.YoloV8,
        "yolov5" or "yolov7" or "v5" or "v7" => HeadKind.YoloV5,
        "yolox" => HeadKind.Yolox,
        "fastestdet" => HeadKind.FastestDet,
        "tinyyolo" or "tiny" => HeadKind.TinyYolo,
        "e2e" or "end2end" or "yolov10" or "yolo26" => HeadKind.EndToEnd,
        "torchvision" or "ssd" or "fasterrcnn" or "retinanet" or "fcos" => HeadKind.Torchvision,
        _ => throw new InputException($"Unknown head '{name}': expected one of {string.Join(", ", Names)}."),
    };

    public static string Name(HeadKind kind) => Names[(int)kind];
}
