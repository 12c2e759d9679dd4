using CamSharp.Explain;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Onnx;

namespace CamSharp.Tests.Cli;

/// <summary>
/// What the per-command catalogue tests run every method on: a tiny seeded CNN classifier small
/// enough that RISE's 4000 masks take a moment, the fixture ViT for token methods and the fixture
/// detector for box methods, and which of them a method needs.
/// </summary>
internal static class CatalogueModels
{
    private static readonly Lazy<string> TinyCnnPath = new(WriteTinyCnn);

    /// <summary>x [1, 3, 16, 16] → 3×3 Conv → Relu → 3×3 Conv, stride 2 → Relu ('features', 8×8) → global average → Gemm → 3 logits.</summary>
    public static string TinyCnn => TinyCnnPath.Value;

    public static string TinyVit => Fixtures.File("models/tinyvit.onnx");

    /// <summary>The token layer ViT-ReciproCAM masks on tinyvit: the last block's input.</summary>
    public const string TinyVitBlockInput = "/blocks/blocks.0/Add_1_output_0";

    public static string TinyYolo => Fixtures.File("models/tinyyolo.onnx");

    public static string Image => Fixtures.File("inputs/d96_a.png");

    /// <summary>The catalogue's methods a classifier explains: not those for boxes or tokens only.</summary>
    public static IEnumerable<MethodInfo> ForClassifiers(Func<MethodInfo, bool> where) =>
        CamMethods.All.Where(m => !m.NeedsBoxTargets && !m.NeedsTokens && where(m));

    private static string WriteTinyCnn()
    {
        var random = new Random(21);
        float[] Weights(int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var b = new ModelBuilder().Input("x", 1, 1, 3, 16, 16).Output("logits", 1, 1, 3);
        b.Initializer(ModelBuilder.Floats("conv1.w", Weights(6 * 3 * 9, 0.4), 6, 3, 3, 3));
        b.Initializer(ModelBuilder.Floats("conv1.b", Weights(6, 0.1), 6));
        b.Initializer(ModelBuilder.Floats("conv2.w", Weights(8 * 6 * 9, 0.3), 8, 6, 3, 3));
        b.Initializer(ModelBuilder.Floats("conv2.b", Weights(8, 0.1), 8));
        b.Initializer(ModelBuilder.Floats("fc.w", Weights(8 * 3, 1), 8, 3));
        b.Initializer(ModelBuilder.Floats("fc.b", Weights(3, 0.1), 3));
        Pads(b.Node("Conv", "/conv1/Conv", ["x", "conv1.w", "conv1.b"], ["/conv1/Conv_output_0"]), 1);
        b.Node("Relu", "/relu1/Relu", ["/conv1/Conv_output_0"], ["/relu1/Relu_output_0"]);
        var conv2 = b.Node("Conv", "/conv2/Conv", ["/relu1/Relu_output_0", "conv2.w", "conv2.b"], ["/conv2/Conv_output_0"]);
        Pads(conv2, 1);
        conv2.Attribute.Add(Ints("strides", 2, 2));
        b.Node("Relu", "/features/Relu", ["/conv2/Conv_output_0"], ["/features/Relu_output_0"]);
        b.Node("GlobalAveragePool", "/pool/GlobalAveragePool", ["/features/Relu_output_0"], ["/pool/GlobalAveragePool_output_0"]);
        b.Node("Flatten", "/flatten/Flatten", ["/pool/GlobalAveragePool_output_0"], ["/flatten/Flatten_output_0"]);
        b.Node("Gemm", "/fc/Gemm", ["/flatten/Flatten_output_0", "fc.w", "fc.b"], ["logits"]);
        string path = Path.Combine(CliRunner.TempDir(), "tiny_cnn.onnx");
        File.WriteAllBytes(path, b.Bytes());
        return path;
    }

    private static void Pads(NodeProto node, long pad) => node.Attribute.Add(Ints("pads", pad, pad, pad, pad));

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
