using CamSharp.Imaging;
using CamSharp.Tests.Onnx;

namespace CamSharp.Tests.Application;

/// <summary>
/// A tiny RGB video classifier: clip [1, 3, T, 8, 8] → Conv 3-D (4 channels, 3×3×3, pad 1) → Relu 'act'
/// → GlobalAveragePool → Flatten → Gemm → logits [1, 3]; T fixed, or dynamic when <c>frames</c> is null.
/// </summary>
internal static class TinyClipModel
{
    public const int Frames = 4, Size = 8;

    public static Model Load(int? frames = Frames) => Model.Load(Bytes(frames), "clip.onnx", TestModels.AcceptAll);

    public static byte[] Bytes(int? frames = Frames)
    {
        var rng = new Random(17);
        var b = new ModelBuilder(opset: 13).Input("clip", 1, 1, 3, frames ?? -1, Size, Size).Output("logits", 1, 1, 3);
        b.Initializer(ModelBuilder.Floats("w", Enumerable.Range(0, 4 * 3 * 27).Select(_ => (float)(rng.NextDouble() - 0.45)).ToArray(), 4, 3, 3, 3, 3));
        b.Initializer(ModelBuilder.Floats("head", Enumerable.Range(0, 3 * 4).Select(i => (i % 5 - 2) / 2f).ToArray(), 3, 4));
        var conv = b.Node("Conv", "/conv/Conv", ["clip", "w"], ["conv"]);
        conv.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "pads", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Ints, Ints = { 1, 1, 1, 1, 1, 1 } });
        b.Node("Relu", "/act/Relu", ["conv"], ["act"]);
        b.Node("GlobalAveragePool", "/pool/GlobalAveragePool", ["act"], ["pooled"]);
        b.Node("Flatten", "/Flatten", ["pooled"], ["flat"]);
        var gemm = b.Node("Gemm", "/fc/Gemm", ["flat", "head"], ["logits"]);
        gemm.Attribute.Add(new CamSharp.Onnx.Proto.AttributeProto { Name = "transB", Type = CamSharp.Onnx.Proto.AttributeProto.Types.AttributeType.Int, I = 1 });
        return b.Bytes();
    }

    /// <summary>Frame <paramref name="index"/> of a made-up clip: a different pattern per frame, at a size other than the model's.</summary>
    public static RgbImage Frame(int index, int width = 20, int height = 14)
    {
        var image = new RgbImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int p = 3 * (y * width + x);
                image.Pixels[p] = (byte)(x * 12 + index * 40);
                image.Pixels[p + 1] = (byte)(y * 17 + index * 25);
                image.Pixels[p + 2] = (byte)((x + y) * 9 + index * 60);
            }
        return image;
    }
}
