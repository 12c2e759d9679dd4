using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Onnx;
using Xunit;

namespace CamSharp.Tests.Oracle;

/// <summary>
/// RoiAlign in both coordinate transformations, both modes and both sampling rules, against ONNX
/// Runtime on the same file: half_pixel (opset 16's default, torchvision's aligned=True) shifts the
/// region by half a pixel; output_half_pixel (opset 10's only behaviour, aligned=False, what
/// Faster R-CNN exports) does not and keeps regions at least 1×1. Regions are fractional, smaller
/// than a pixel, inverted and partly outside the map.
/// </summary>
public sealed class RoiAlignOracleTests
{
    private static readonly float[] Regions =
    [
        1.3f, 0.7f, 8.9f, 6.2f,    // fractional
        2.2f, 3.1f, 2.6f, 3.4f,    // under one pixel: output_half_pixel widens it to 1×1
        -3f, -2f, 4.5f, 5f,        // partly above and left of the map
        9f, 7f, 15f, 12.5f,        // partly below and right
        5f, 5f, 3f, 2f,            // inverted
    ];

    [Theory]
    [InlineData(16, "half_pixel", "avg", 0)]
    [InlineData(16, "half_pixel", "avg", 2)]
    [InlineData(16, "output_half_pixel", "avg", 0)]
    [InlineData(16, "output_half_pixel", "avg", 2)]
    [InlineData(16, "half_pixel", "max", 2)]
    [InlineData(16, "output_half_pixel", "max", 2)]
    [InlineData(16, null, "avg", 0)]
    [InlineData(10, null, "avg", 0)]
    [InlineData(10, null, "max", 1)]
    public void RoiAlign_EveryTransformAndMode_MatchesOnnxRuntime(int opset, string? transform, string mode, int samplingRatio)
    {
        int regions = Regions.Length / 4;
        var b = new ModelBuilder(opset: opset).Input("x", OnnxElementType.Float, 1, 2, 8, 10).Output("y", OnnxElementType.Float, regions, 2, 3, 4);
        b.Initializer(ModelBuilder.Floats("rois", Regions, regions, 4));
        b.Initializer(ModelBuilder.Raw("index", OnnxElementType.Int64, new byte[regions * sizeof(long)], regions));
        var node = b.Node("RoiAlign", "roi", ["x", "rois", "index"], ["y"]);
        node.Attribute.Add(new AttributeProto { Name = "output_height", Type = AttributeProto.Types.AttributeType.Int, I = 3 });
        node.Attribute.Add(new AttributeProto { Name = "output_width", Type = AttributeProto.Types.AttributeType.Int, I = 4 });
        node.Attribute.Add(new AttributeProto { Name = "sampling_ratio", Type = AttributeProto.Types.AttributeType.Int, I = samplingRatio });
        node.Attribute.Add(new AttributeProto { Name = "spatial_scale", Type = AttributeProto.Types.AttributeType.Float, F = 0.9f });
        node.Attribute.Add(new AttributeProto { Name = "mode", Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(mode) });
        if (transform is not null)
            node.Attribute.Add(new AttributeProto { Name = "coordinate_transformation_mode", Type = AttributeProto.Types.AttributeType.String, S = Google.Protobuf.ByteString.CopyFromUtf8(transform) });

        var values = Enumerable.Range(0, 2 * 8 * 10).Select(i => MathF.Sin(i * 0.37f) + 0.1f * (i % 7)).ToArray();
        var feed = OracleFeed.FromFloats("x", OnnxElementType.Float, [1, 2, 8, 10], values);
        var model = Model.Load(b.Bytes(), "roialign.onnx");
        using var pass = model.Session.Run(feed.ToTensor());
        var ort = Assert.Single(OrtOracle.Run(b.Model, [feed], [], null));
        OracleComparison.Compare($"RoiAlign opset {opset} {transform ?? "(default)"} {mode} ratio {samplingRatio}", ort, pass.Outputs[0], 1e-5);
    }
}
