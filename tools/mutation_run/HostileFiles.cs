using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CamSharp.Imaging.Png;
using CamSharp.Onnx.Proto;
using Google.Protobuf;

namespace CamSharp.MutationRun;

/// <summary>
/// Small files that claim enormous sizes: each must be refused at once, with almost no memory
/// used, because the claim is checked before anything is allocated.
/// </summary>
public static class HostileFiles
{
    /// <summary>A model whose one weight claims [2^20, 2^20] = 2^40 floats but holds 16 bytes.</summary>
    public static byte[] ModelWith2Pow40Weight() => TinyModel(w =>
    {
        w.Dims.Add(1 << 20);
        w.Dims.Add(1 << 20);
        w.RawData = ByteString.CopyFrom(new byte[16]);
    });

    /// <summary>
    /// A valid-looking model that computes a [2^20, 2^20] tensor from a 2-element shape
    /// constant (ConstantOfShape): the plan, not the file, is where the size appears.
    /// </summary>
    public static byte[] ModelPlanning2Pow40Tensor()
    {
        var g = new GraphProto { Name = "hostile" };
        var shape = new TensorProto { Name = "shape", DataType = 7, RawData = ByteString.CopyFrom(BitConverter.GetBytes(1L << 20).Concat(BitConverter.GetBytes(1L << 20)).ToArray()) };
        shape.Dims.Add(2);
        g.Initializer.Add(shape);
        g.Input.Add(Value("x", [1]));
        g.Output.Add(Value("y", [-1, -1]));
        var fill = new NodeProto { Name = "/fill/ConstantOfShape", OpType = "ConstantOfShape" };
        fill.Input.Add("shape");
        fill.Output.Add("big");
        var add = new NodeProto { Name = "/add/Add", OpType = "Add" };
        add.Input.Add("big");
        add.Input.Add("x");
        add.Output.Add("y");
        g.Node.Add(fill);
        g.Node.Add(add);
        return Wrap(g);
    }

    /// <summary>A PNG whose header says 100000 × 100000 pixels (10^10), followed by a few bytes of image data.</summary>
    public static byte[] PngClaiming100000Squared()
    {
        using var ms = new MemoryStream();
        ms.Write(PngDecoder.Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), 100_000);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // RGB
        Chunk(ms, "IHDR", ihdr);
        using (var z = new MemoryStream())
        {
            using (var zl = new ZLibStream(z, CompressionLevel.Fastest, leaveOpen: true)) zl.Write(new byte[1024]);
            Chunk(ms, "IDAT", z.ToArray());
        }
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>A .npy (format 2) whose header length field claims 1 GiB, in a file of a few dozen bytes.</summary>
    public static byte[] NpyWith1GBHeader()
    {
        var header = Encoding.Latin1.GetBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n");
        var bytes = new byte[12 + header.Length + 16];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 2;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), 1u << 30);
        header.CopyTo(bytes, 12);
        return bytes;
    }

    /// <summary>A .npy whose header claims shape (1000000, 1000000) of float32 (4 TB) over 16 bytes of data.</summary>
    public static byte[] NpyClaimingHugeShape()
    {
        string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000, 1000000), }";
        string header = dict + new string(' ', 63 - (10 + dict.Length) % 64) + "\n";
        var bytes = new byte[10 + header.Length + 16];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.Latin1.GetBytes(header).CopyTo(bytes, 10);
        return bytes;
    }

    private static byte[] TinyModel(Action<TensorProto> shapeWeight)
    {
        var g = new GraphProto { Name = "hostile" };
        var w = new TensorProto { Name = "huge_weight", DataType = 1 };
        shapeWeight(w);
        g.Initializer.Add(w);
        g.Input.Add(Value("x", [1]));
        g.Output.Add(Value("y", [-1, -1]));
        var add = new NodeProto { Name = "/add/Add", OpType = "Add" };
        add.Input.Add("x");
        add.Input.Add("huge_weight");
        add.Output.Add("y");
        g.Node.Add(add);
        return Wrap(g);
    }

    private static byte[] Wrap(GraphProto g)
    {
        var m = new ModelProto { IrVersion = 8, ProducerName = "hostile", Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return m.ToByteArray();
    }

    private static ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = d } : new TensorShapeProto.Types.Dimension { DimParam = "n" });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static void Chunk(Stream s, string type, byte[] body)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)body.Length);
        s.Write(len);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32.Compute([.. typeBytes, .. body]));
        s.Write(len);
    }
}
