using CamSharp.Imaging;
using CamSharp.Tensors;

namespace CamSharp.MutationRun;

/// <summary>What a sample is, which decides how a mutated copy is loaded and run.</summary>
public enum SampleKind { Model, Image, Npy }

/// <summary>One real file to mutate; models carry the input shape they are run on.</summary>
public sealed record Sample(string Name, SampleKind Kind, byte[] Bytes, int[]? InputShape = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// The samples of each format, read from the shared fixtures and assets (and the bundled demo
/// model), kept small so each case runs in milliseconds.
/// </summary>
public static class Samples
{
    /// <summary>Every format the mutation runs cover.</summary>
    public static readonly IReadOnlyList<string> Formats = ["digitcnn", "tinyyolo", "demo", "png", "jpeg", "bmp", "npy"];

    /// <param name="format">One of <see cref="Formats"/>.</param>
    /// <param name="shared">The shared folder (fixtures/, assets/) beside the repository.</param>
    public static IReadOnlyList<Sample> For(string format, string shared)
    {
        string Fixture(string relative) => Require(Path.Combine(shared, "fixtures", relative));
        string Asset(string relative) => Require(Path.Combine(shared, "assets", relative));
        RgbImage Small() => ImageResize.Resize(ImageDecoder.Load(Asset("images/dog_cat.jfif")), 40, 28);
        return format switch
        {
            "digitcnn" => [new("digitcnn.onnx", SampleKind.Model, File.ReadAllBytes(Fixture("models/digitcnn.onnx")), [1, 3, 32, 32])],
            "tinyyolo" => [new("tinyyolo.onnx", SampleKind.Model, File.ReadAllBytes(Fixture("models/tinyyolo.onnx")), [1, 3, 96, 96])],
            "demo" => [new("demo_shapes.onnx", SampleKind.Model, Demo.DemoModel.Bytes(), [1, 3, 64, 64])],
            "png" =>
            [
                new("d64_a.png", SampleKind.Image, File.ReadAllBytes(Fixture("inputs/d64_a.png"))),
                new("small.png", SampleKind.Image, ImageEncoder.EncodePng(Small())),
            ],
            "jpeg" =>
            [
                new("dog_cat.jfif", SampleKind.Image, File.ReadAllBytes(Asset("images/dog_cat.jfif"))),
                new("small420.jpg", SampleKind.Image, ImageEncoder.EncodeJpeg(Small(), 90, JpegSubsampling.Yuv420)),
                new("small444.jpg", SampleKind.Image, ImageEncoder.EncodeJpeg(Small(), 90, JpegSubsampling.Yuv444)),
            ],
            "bmp" => [new("small.bmp", SampleKind.Image, ImageEncoder.EncodeBmp(Small()))],
            "npy" =>
            [
                new("input.npy", SampleKind.Npy, NpyBytes(Tensor.FromFloats(Enumerable.Range(0, 3 * 8 * 8).Select(i => i / 7f).ToArray(), 1, 3, 8, 8))),
                new("labels.npy", SampleKind.Npy, NpyBytes(Tensor.FromLongs([3, 1, 4, 1, 5, 9], 2, 3))),
                new("mask.npy", SampleKind.Npy, NpyBytes(Tensor.FromBools([true, false, true, true], 4))),
            ],
            _ => throw new ArgumentException($"unknown format '{format}'; use {string.Join(", ", Formats)}", nameof(format)),
        };
    }

    private static byte[] NpyBytes(Tensor t)
    {
        using var ms = new MemoryStream();
        Npy.Write(ms, t);
        return ms.ToArray();
    }

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"Sample missing: {path}");
}
