using CamSharp.Tensors;

namespace CamSharp.Features;

/// <summary>A detection to draw under the feature map, in network-input pixels (x1, y1 exclusive).</summary>
public sealed record FeatureMapBox(double X0, double Y0, double X1, double Y1, string Label);

/// <summary>
/// The seam for detectors: turns a model's outputs into the boxes scoring above the
/// threshold, which are drawn on the image before the feature map, as MMYOLO does. Detector
/// decoding lives in <c>Detection/</c>; featmap only draws what this returns.
/// </summary>
public delegate IReadOnlyList<FeatureMapBox> FeatureMapBoxSource(IReadOnlyList<Tensor> outputs, float scoreThreshold);
