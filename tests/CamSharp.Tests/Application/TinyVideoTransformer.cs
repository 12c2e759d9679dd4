using CamSharp.Engine;
using CamSharp.Onnx.Proto;
using CamSharp.Tests.Onnx;

namespace CamSharp.Tests.Application;

/// <summary>
/// An MViT-shaped test model: video [1,2,4,6,6] → patchifying Conv 3-D (stride 2) → 18 tokens
/// of a 2×3×3 grid behind a class token → LayerNormalization 'norm' [1,19,3] → one softmax
/// attention → the class token plus the pooled grid (the tokens reshaped to 1×3×2×3×3, as MViT's
/// attention pooling does, then a depthwise Conv 3-D) → Gemm → logits [1,2].
/// </summary>
internal static class TinyVideoTransformer
{
    internal const int Frames = 2, Grid = 3, Channels = 3;

    public static Model Load() => Model.Load(Bytes(), "tiny-mvit.onnx", TestModels.AcceptAll);

    private static byte[] Bytes()
    {
        var rng = new Random(11);
        float[] Random(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() - 0.45)).ToArray();
        var b = new ModelBuilder(opset: 17).Input("video", 1, 1, 2, 4, 6, 6).Output("logits", 1, 1, 2);
        b.Initializer(ModelBuilder.Floats("patch_w", Random(Channels * 2 * 8), Channels, 2, 2, 2, 2));
        b.Initializer(ModelBuilder.Floats("cls", Random(Channels), 1, 1, Channels));
        b.Initializer(ModelBuilder.Floats("ln_scale", [1.2f, 0.8f, 1.1f], Channels));
        b.Initializer(ModelBuilder.Floats("ln_bias", [0.1f, -0.2f, 0.05f], Channels));
        b.Initializer(ModelBuilder.Floats("pool_w", [0.9f, -1.1f, 1.3f], Channels, 1, 1, 1, 1));
        b.Initializer(ModelBuilder.Floats("head", Random(2 * Channels), 2, Channels));
        b.Initializer(Longs("flat_shape", 1, Channels, Frames * Grid * Grid));
        b.Initializer(Longs("volume_shape", 1, Channels, Frames, Grid, Grid));
        b.Initializer(Longs("from", 1));
        b.Initializer(Longs("to", 1 + Frames * Grid * Grid));
        b.Initializer(Longs("token_axis", 1));
        b.Initializer(ModelBuilder.Raw("first", 7, new byte[8]));
        Ints(b.Node("Conv", "/patch_embed/Conv", ["video", "patch_w"], ["patches"]), ("kernel_shape", [2, 2, 2]), ("strides", [2, 2, 2]));
        b.Node("Reshape", "/Reshape", ["patches", "flat_shape"], ["flat"]);
        Ints(b.Node("Transpose", "/Transpose", ["flat"], ["grid_tokens"]), ("perm", [0, 2, 1]));
        Ints(b.Node("Concat", "/Concat", ["cls", "grid_tokens"], ["tokens"]), ("axis", [1]));
        b.Node("LayerNormalization", "/blocks.0/norm1/LayerNormalization", ["tokens", "ln_scale", "ln_bias"], ["norm"]);
        Ints(b.Node("Transpose", "/blocks.0/attn/Transpose", ["norm"], ["keys"]), ("perm", [0, 2, 1]));
        b.Node("MatMul", "/blocks.0/attn/MatMul", ["norm", "keys"], ["scores"]);
        Ints(b.Node("Softmax", "/blocks.0/attn/Softmax", ["scores"], ["attn"]), ("axis", [-1]));
        b.Node("MatMul", "/blocks.0/attn/MatMul_1", ["attn", "norm"], ["mixed"]);
        b.Node("Slice", "/blocks.0/attn/Slice", ["mixed", "from", "to", "token_axis"], ["grid_mixed"]);
        Ints(b.Node("Transpose", "/blocks.0/attn/Transpose_1", ["grid_mixed"], ["grid_channels"]), ("perm", [0, 2, 1]));
        b.Node("Reshape", "/blocks.0/attn/Reshape", ["grid_channels", "volume_shape"], ["volume"]);
        Ints(b.Node("Conv", "/blocks.0/attn/pool/Conv", ["volume", "pool_w"], ["pooled_volume"]), ("kernel_shape", [1, 1, 1]), ("group", [Channels]));
        b.Node("GlobalAveragePool", "/GlobalAveragePool", ["pooled_volume"], ["pooled"]);
        b.Node("Flatten", "/Flatten", ["pooled"], ["pooled_flat"]);
        Ints(b.Node("Gather", "/Gather", ["mixed", "first"], ["class_token"]), ("axis", [1]));
        b.Node("Add", "/Add", ["class_token", "pooled_flat"], ["features"]);
        Ints(b.Node("Gemm", "/head/Gemm", ["features", "head"], ["logits"]), ("transB", [1]));
        return b.Bytes();
    }

    private static TensorProto Longs(string name, params long[] values)
    {
        var bytes = new byte[values.Length * sizeof(long)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return ModelBuilder.Raw(name, 7, bytes, values.Length);
    }

    private static void Ints(NodeProto node, params (string Name, long[] Values)[] attributes)
    {
        foreach (var (name, values) in attributes)
            node.Attribute.Add(values.Length == 1 && name is "axis" or "group" or "transB"
                ? new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = values[0] }
                : new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints, Ints = { values } });
    }
}
