using System.Buffers.Binary;
using System.Diagnostics;
using CamSharp.Engine;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Xunit;

namespace CamSharp.Tests.Onnx;

public class TensorReaderTests
{
    private const int Float = 1, UInt8 = 2, Int8 = 3, UInt16 = 4, Int16 = 5, Int32 = 6, Int64 = 7, String = 8,
        Bool = 9, Float16 = 10, Double = 11, UInt32 = 12, UInt64 = 13, Complex64 = 14, BFloat16 = 16;

    private static Tensor LoadOne(TensorProto t, OnnxLoadOptions? options = null) =>
        ModelBuilder.Minimal().Initializer(t).Load(options: options).Initializers[t.Name];

    private static ModelException LoadFails(TensorProto t, OnnxLoadOptions? options = null) =>
        Assert.Throws<ModelException>(() => LoadOne(t, options));

    private static ResourceLimitException LimitFails(TensorProto t, OnnxLoadOptions? options = null) =>
        Assert.Throws<ResourceLimitException>(() => LoadOne(t, options));

    [Fact]
    public void Read_RawAndTypedFloat_GiveTheSameValues()
    {
        float[] values = [1.5f, -2.25f, 3e-8f, float.MaxValue, 0f, -0f];
        var typed = ModelBuilder.Empty("w", Float, 2, 3);
        typed.FloatData.AddRange(values);

        var fromRaw = LoadOne(ModelBuilder.Floats("w", values, 2, 3));
        var fromTyped = LoadOne(typed);

        Assert.Equal(DataType.Float32, fromRaw.Type);
        Assert.Equal([2, 3], fromRaw.Shape);
        Assert.Equal(values, fromRaw.ToFloatArray());
        Assert.Equal(values, fromTyped.ToFloatArray());
    }

    [Fact]
    public void Read_Float16RawAndInt32Data_WidenToFloat32()
    {
        Half[] halves = [(Half)1.5f, (Half)(-2f), Half.MaxValue, Half.Epsilon, (Half)0.333f];
        var raw = new byte[halves.Length * 2];
        for (int i = 0; i < halves.Length; i++) BinaryPrimitives.WriteHalfLittleEndian(raw.AsSpan(i * 2), halves[i]);
        var typed = ModelBuilder.Empty("h", Float16, 5);
        typed.Int32Data.AddRange(halves.Select(h => (int)BitConverter.HalfToUInt16Bits(h)));

        float[] expected = halves.Select(h => (float)h).ToArray();
        var fromRaw = LoadOne(ModelBuilder.Raw("h", Float16, raw, 5));
        Assert.Equal(DataType.Float32, fromRaw.Type);
        Assert.Equal(expected, fromRaw.ToFloatArray());
        Assert.Equal(65504f, fromRaw.Floats[2]);
        Assert.Equal(expected, LoadOne(typed).ToFloatArray());
    }

    [Fact]
    public void Read_BFloat16_TakesTheHighHalfOfFloat32()
    {
        float[] values = [1f, -3.5f, 256f]; // exactly representable in bfloat16
        var raw = new byte[6];
        for (int i = 0; i < 3; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(raw.AsSpan(i * 2), (ushort)(BitConverter.SingleToInt32Bits(values[i]) >> 16));
        var typed = ModelBuilder.Empty("b", BFloat16, 3);
        typed.Int32Data.AddRange(values.Select(v => BitConverter.SingleToInt32Bits(v) >>> 16));

        Assert.Equal(values, LoadOne(ModelBuilder.Raw("b", BFloat16, raw, 3)).ToFloatArray());
        Assert.Equal(values, LoadOne(typed).ToFloatArray());
    }

    /// <summary>The engine has no float64: a DOUBLE constant is refused by name rather than rounded.</summary>
    [Fact]
    public void Read_Double_IsRefusedNamingTheTensor()
    {
        var typed = ModelBuilder.Empty("d", Double, 2);
        typed.DoubleData.AddRange([0.1, -1e10]);
        Assert.Contains("initializer 'd' is DOUBLE", LoadFails(typed).Message);
    }

    /// <summary>Test references may be read rounded to float32 (their comparison tolerance allows it).</summary>
    [Fact]
    public void Read_DoubleWhenRoundingIsAllowed_NarrowsToFloat32()
    {
        var typed = ModelBuilder.Empty("d", Double, 2);
        typed.DoubleData.AddRange([0.1, -1e10]);
        var raw = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(raw, 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(8), -1e10);
        var reader = new TensorReader("test", null, OnnxLoadOptions.Default, roundFloat64: true);

        Assert.Equal([0.1f, -1e10f], reader.Read(typed, "d").ToFloatArray());
        Assert.Equal([0.1f, -1e10f], reader.Read(ModelBuilder.Raw("d", Double, raw, 2), "d").ToFloatArray());
    }

    [Theory]
    [InlineData(Int8, new byte[] { 0xFF, 0x7F, 0x80 }, new long[] { -1, 127, -128 })]
    [InlineData(UInt8, new byte[] { 0xFF, 0x00, 0x80 }, new long[] { 255, 0, 128 })]
    [InlineData(Int16, new byte[] { 0xFF, 0xFF, 0x00, 0x80, 0x01, 0x00 }, new long[] { -1, -32768, 1 })]
    [InlineData(UInt16, new byte[] { 0xFF, 0xFF, 0x00, 0x80, 0x01, 0x00 }, new long[] { 65535, 32768, 1 })]
    [InlineData(Int32, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x80, 2, 0, 0, 0 }, new long[] { -1, int.MinValue, 2 })]
    [InlineData(UInt32, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0x80, 2, 0, 0, 0 }, new long[] { uint.MaxValue, 2147483648, 2 })]
    public void Read_RawIntegers_WidenToInt64(int type, byte[] raw, long[] expected)
    {
        var t = LoadOne(ModelBuilder.Raw("i", type, raw, expected.Length));
        Assert.Equal(DataType.Int64, t.Type);
        Assert.Equal(expected, t.Longs.ToArray());
    }

    [Fact]
    public void Read_TypedIntegersAndBools_UseTheirSpecFields()
    {
        var i8 = ModelBuilder.Empty("i8", Int8, 2);
        i8.Int32Data.AddRange([-5, 7]);
        var u64 = ModelBuilder.Empty("u64", UInt64, 2);
        u64.Uint64Data.AddRange([42UL, 1UL << 40]);
        var i64 = ModelBuilder.Empty("i64", Int64, 2);
        i64.Int64Data.AddRange([long.MinValue, 3]);
        var b = ModelBuilder.Empty("b", Bool, 3);
        b.Int32Data.AddRange([1, 0, 1]);

        Assert.Equal([-5L, 7L], LoadOne(i8).Longs.ToArray());
        Assert.Equal([42L, 1L << 40], LoadOne(u64).Longs.ToArray());
        Assert.Equal([long.MinValue, 3L], LoadOne(i64).Longs.ToArray());
        var bools = LoadOne(b);
        Assert.Equal(DataType.Bool, bools.Type);
        Assert.Equal([true, false, true], bools.Bools.ToArray());
        Assert.Equal([false, true], LoadOne(ModelBuilder.Raw("rb", Bool, [0, 2], 2)).Bools.ToArray());
    }

    [Fact]
    public void Read_ScalarAndEmptyTensors_KeepTheirShapes()
    {
        var scalar = LoadOne(ModelBuilder.Floats("s", [7f]));
        Assert.Empty(scalar.Shape);
        Assert.Equal(7f, scalar.Floats[0]);

        var empty = LoadOne(ModelBuilder.Empty("e", Int64, 0, 3));
        Assert.Equal([0, 3], empty.Shape);
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void Read_ClaimOf2Pow40Elements_IsRefusedAtOnceNamingTheInitializer()
    {
        var raw = ModelBuilder.Floats("huge_weight", [1, 2, 3, 4], 1 << 20, 1 << 20);
        var typed = ModelBuilder.Empty("huge_typed", Float, 1 << 20, 1 << 20);
        typed.FloatData.Add(1f);
        var watch = Stopwatch.StartNew();

        var e1 = LoadFails(raw);
        var e2 = LoadFails(typed);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"took {watch.Elapsed}");
        Assert.Contains("'huge_weight'", e1.Message);
        Assert.Contains("1099511627776", e1.Message);
        Assert.Contains("16 bytes of raw_data", e1.Message);
        Assert.Contains("'huge_typed'", e2.Message);
        Assert.Contains("1 values", e2.Message);
    }

    [Fact]
    public void Read_OverflowingDims_AreRefusedNotWrapped()
    {
        // 2^120 elements: a product computed in plain long arithmetic would wrap to 0.
        var t = ModelBuilder.Raw("wrap", Float, [], 1 << 30, 1 << 30, 1 << 30, 1 << 30);
        var e = LoadFails(t);
        Assert.Contains("'wrap'", e.Message);
    }

    [Fact]
    public void Read_TensorsOverTheMemoryCap_AreRefusedBeforeAllocation()
    {
        var options = TestModels.AcceptAll with { Limits = new ResourceLimits { MaxInitializerBytes = 300 } };
        var b = ModelBuilder.Minimal()
            .Initializer(ModelBuilder.Floats("a", new float[64], 64))  // 256 bytes: fits
            .Initializer(ModelBuilder.Floats("b", new float[16], 16)); // 64 more: over
        var e = Assert.Throws<ResourceLimitException>(() => b.Load(options: options));
        Assert.Contains("'b'", e.Message);
        Assert.Contains("MaxInitializerBytes", e.Message);
        Assert.Equal((nameof(ResourceLimits.MaxInitializerBytes), 320L, 300L), (e.Limit, e.Requested, e.Allowed));
    }

    [Fact]
    public void Read_LimitsOnRankAndDimension_NameTheTensor()
    {
        var deep = ModelBuilder.Floats("deep", [1], 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Assert.Contains("rank 9", LimitFails(deep).Message);
        var wide = ModelBuilder.Floats("wide", [1, 2], 2);
        Assert.Contains("'wide'", LimitFails(wide, TestModels.AcceptAll with { Limits = new ResourceLimits { MaxDimension = 1 } }).Message);
        var negative = ModelBuilder.Floats("neg", [1], -1);
        Assert.Contains("dimension -1", LoadFails(negative).Message);
    }

    [Fact]
    public void Read_RawDataOfTheWrongLength_IsRefused()
    {
        Assert.Contains("not a multiple of 4", LoadFails(ModelBuilder.Raw("odd", Float, new byte[6], 1)).Message);
        Assert.Contains("8 bytes of raw_data", LoadFails(ModelBuilder.Raw("short", Float, new byte[8], 3)).Message);
    }

    [Theory]
    [InlineData(String, "STRING")]
    [InlineData(Complex64, "COMPLEX64")]
    [InlineData(17, "FLOAT8E4M3FN")]
    [InlineData(0, "UNDEFINED")]
    [InlineData(99, "type 99")]
    public void Read_ElementTypesTheEngineCannotHold_AreNamed(int type, string name)
    {
        var e = LoadFails(ModelBuilder.Raw("odd_type", type, new byte[8], 1));
        Assert.Contains("'odd_type'", e.Message);
        Assert.Contains(name, e.Message);
    }
}
