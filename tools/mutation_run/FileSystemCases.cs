using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using CamSharp.Files;
using CamSharp.Imaging;
using CamSharp.Imaging.Png;
using CamSharp.Onnx;
using CamSharp.Onnx.Proto;
using CamSharp.Tensors;
using Google.Protobuf;

namespace CamSharp.MutationRun;

/// <summary>
/// Hostile file systems rather than hostile bytes (issue 18): links that escape or loop, FIFOs,
/// devices, decompression and size bombs, absurdly deep module names, outputs aimed at inputs,
/// links planted for probes and temporary files, and image formats CamSharp does not read.
/// Each case builds its files in a scratch folder and calls the library as the CLI does; it
/// must end within seconds and modest memory, refused with a documented type where
/// <see cref="FileSystemCase.MustRefuse"/> says so. The tests run them in-process; the long run
/// (<c>--filesystem</c>) runs each in a fresh process and reports time and peak memory.
/// </summary>
public static class FileSystemCases
{
    /// <summary>The per-case memory budget, as in <see cref="MutationCase.Limits"/>.</summary>
    public static ResourceLimits Limits => MutationCase.Limits;

    /// <summary>Formats with their magic bytes and the name a message must give them (before <see cref="All"/>, which reads them).</summary>
    private static readonly (string Name, string Named, byte[] Magic)[] UnreadFormats =
    [
        ("heic", "HEIC", [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8]),
        ("avif", "AVIF", [0, 0, 0, 0x1C, .. "ftypavif"u8, 0, 0, 0, 0, .. "avifmif1miaf"u8]),
        ("jp2", "JPEG 2000", [0, 0, 0, 0x0C, .. "jP  "u8, 0x0D, 0x0A, 0x87, 0x0A]),
        ("ico", "ICO", [0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]),
        ("psd", "PSD", [.. "8BPS"u8, 0, 1]),
        ("qoi", "QOI", [.. "qoif"u8, 0, 0, 0, 16, 0, 0, 0, 16, 4, 0]),
        ("svg", "SVG", [.. "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8]),
    ];

    public static readonly IReadOnlyList<FileSystemCase> All =
    [
        // links
        new("links", "external-data-through-linked-folder", true, d =>
        {
            Directory.CreateSymbolicLink(Path.Combine(d, "sub"), "/etc");
            Model.Load(ExternalModel(d, "sub/passwd"), new OnnxLoadOptions { Limits = Limits });
        }),
        new("links", "external-data-dotdot-after-link", true, d =>
        {
            Directory.CreateDirectory(Path.Combine(d, "m", "w"));
            File.WriteAllBytes(Path.Combine(d, "secret.bin"), new byte[64]);
            Directory.CreateSymbolicLink(Path.Combine(d, "m", "deep"), Path.Combine(d, "m", "w"));
            Model.Load(ExternalModel(Path.Combine(d, "m"), "deep/../../secret.bin"), new OnnxLoadOptions { Limits = Limits });
        }),
        new("links", "link-loop-as-image", true, d =>
        {
            File.CreateSymbolicLink(Path.Combine(d, "a.png"), "b.png");
            File.CreateSymbolicLink(Path.Combine(d, "b.png"), "a.png");
            ImageDecoder.Load(Path.Combine(d, "a.png"), Limits);
        }),
        new("links", "folder-of-self-links", false, d =>
        {
            File.WriteAllBytes(Path.Combine(d, "i.png"), [1]);
            Directory.CreateSymbolicLink(Path.Combine(d, "a"), ".");
            Directory.CreateSymbolicLink(Path.Combine(d, "b"), ".");
            int n = FolderWalk.RegularFiles(d).Count();
            if (n != 1) throw new InvalidOperationException($"walked {n} files, expected 1");
        }),
        // FIFOs
        new("fifos", "fifo-as-model", true, d => Model.Load(Fifo(d, "m.onnx"), new OnnxLoadOptions { Limits = Limits })),
        new("fifos", "fifo-as-image", true, d => ImageDecoder.Load(Fifo(d, "i.png"), Limits)),
        new("fifos", "fifo-as-npy", true, d => Npy.ReadFile(Fifo(d, "x.npy"), Limits.MemoryBytes)),
        new("fifos", "fifo-as-output", true, d => AtomicFile.Write(Fifo(d, "o.png"), [1])),
        new("fifos", "fifo-in-folder", false, d =>
        {
            Fifo(d, "stall.png");
            if (FolderWalk.RegularFiles(d).Any()) throw new InvalidOperationException("a FIFO was listed as an input");
        }),
        // special files
        new("special", "dev-zero-as-image", true, _ => ImageDecoder.Load("/dev/zero", Limits)),
        new("special", "dev-zero-as-npy", true, _ => Npy.ReadFile("/dev/zero", Limits.MemoryBytes)),
        new("special", "dev-zero-as-model", true, _ => Model.Load("/dev/zero", new OnnxLoadOptions { Limits = Limits })),
        new("special", "folder-as-image", true, d => ImageDecoder.Load(d, Limits)),
        new("special", "link-to-device-as-output", true, d =>
        {
            string link = Path.Combine(d, "out.npy");
            File.CreateSymbolicLink(link, "/dev/null");
            try
            {
                AtomicFile.Write(link, [1]);
            }
            finally
            {
                if (FileStatus.Of(link, followLinks: false).Kind != FileKind.SymbolicLink) throw new InvalidOperationException("the link was replaced");
            }
        }),
        // bombs
        new("bombs", "png-8000-square-of-zeros", true, d => ImageDecoder.Load(Write(d, "z.png", ZeroPng(8000, 8000, 8, 2)), Limits)),
        new("bombs", "png-16bit-rgba-3000-square", true, d => ImageDecoder.Load(Write(d, "z16.png", ZeroPng(3000, 3000, 16, 6)), Limits)),
        new("bombs", "npy-gz-claiming-190mb", true, d => Npy.ReadFile(Write(d, "x.npy.gz", Gzip(NpyHeader("<f4", "(1, 3, 4000, 4000)"))), Limits.MemoryBytes)),
        new("bombs", "npy-honest-over-budget", true, d =>
        {
            var header = NpyHeader("<f4", "(1, 3, 1024, 1024)");
            string path = Path.Combine(d, "x.npy");
            using (var fs = File.Create(path))
            {
                fs.Write(header);
                fs.SetLength(header.Length + 4L * 3 * 1024 * 1024 * 2); // sparse: twice what it claims is fine
            }
            Npy.ReadFile(path, 8L << 20);
        }),
        new("bombs", "sparse-4gib-file-as-image", true, d =>
        {
            string path = Path.Combine(d, "big.png");
            using (var fs = File.Create(path)) fs.SetLength(1L << 32);
            if (ImageDecoder.DetectFormat(path) != ImageFormat.Unknown) throw new InvalidOperationException("zeros taken for a format");
            ImageDecoder.Load(path, Limits);
        }),
        // deep names
        new("deep-names", "scope-20000-levels", false, d =>
        {
            var model = Model.Load(Write(d, "deep.onnx", DeepScopeModel(20000)), new OnnxLoadOptions { Limits = Limits });
            int modules = model.Modules.All.Count();
            if (modules > Onnx.NodeScope.MaxDepth) throw new InvalidOperationException($"{modules} modules");
        }),
        // collisions
        new("collisions", "output-is-a-hard-link-of-the-input", true, d =>
        {
            string input = Write(d, "in.png", [1]);
            string other = Path.Combine(d, "out.png");
            using (var p = Process.Start("ln", [input, other])) p.WaitForExit();
            new PathCollisions().Input(input, "image").OutputFile(other, "output").Check();
        }),
        new("collisions", "output-folder-inside-input-folder", true, d =>
            new PathCollisions().Input(d, "images").OutputFolder(Path.Combine(d, "out"), "output folder").Check()),
        new("collisions", "output-over-an-input-read-in-scope", true, d =>
        {
            string input = Write(d, "in.png", [1, 2]);
            using var scope = InputGuard.Begin();
            RegularFile.ReadAllBytes(input, 100);
            try
            {
                AtomicFile.Write(input, [9]);
            }
            finally
            {
                if (File.ReadAllBytes(input).Length != 2) throw new InvalidOperationException("the input was replaced");
            }
        }),
        new("collisions", "longest-legal-output-name", false, d => AtomicFile.Write(Path.Combine(d, new string('n', 251) + ".npy"), [1])),
        new("collisions", "output-is-a-symbolic-link-to-the-input", true, d =>
        {
            string input = Write(d, "in.png", [1]);
            string link = Path.Combine(d, "out.png");
            File.CreateSymbolicLink(link, input);
            new PathCollisions().Input(input, "image").OutputFile(link, "output").Check();
        }),
        new("collisions", "two-outputs-on-one-file", true, d =>
            new PathCollisions().OutputFile(Path.Combine(d, "x.png"), "picture").OutputFile(Path.Combine(d, ".", "x.png"), "raw maps").Check()),
        // links, more
        new("links", "external-data-through-a-link-inside-the-folder", false, d =>
        {
            Directory.CreateDirectory(Path.Combine(d, "real"));
            File.WriteAllBytes(Path.Combine(d, "real", "w.bin"), new byte[64]);
            Directory.CreateSymbolicLink(Path.Combine(d, "lnk"), "real");
            Model.Load(ExternalModel(d, "lnk/w.bin"), new OnnxLoadOptions { Limits = Limits });
        }),
        new("links", "folder-with-a-link-to-an-outside-folder", false, d =>
        {
            string outside = Directory.CreateTempSubdirectory("camsharp-outside-").FullName;
            try
            {
                File.WriteAllBytes(Path.Combine(outside, "secret.png"), [1]);
                Directory.CreateDirectory(Path.Combine(d, "in"));
                Directory.CreateSymbolicLink(Path.Combine(d, "in", "out"), outside);
                if (FolderWalk.RegularFiles(Path.Combine(d, "in")).Any()) throw new InvalidOperationException("walked into a linked folder");
            }
            finally
            {
                Directory.Delete(outside, recursive: true);
            }
        }),
        // probes: links planted where a probe or temporary file might be made are never written through
        new("probes", "planted-probe-and-temp-links", false, d =>
        {
            string victim = Write(d, "victim.txt", [7, 7, 7]);
            int pid = Environment.ProcessId;
            for (int i = 0; i < 300; i++)
            {
                File.CreateSymbolicLink(Path.Combine(d, $".camsharp-probe-{pid + i}"), victim);
                File.CreateSymbolicLink(Path.Combine(d, $".o.png.{pid + i}.camsharp-tmp"), victim);
            }
            WriteProbe.Check(d);
            AtomicFile.Write(Path.Combine(d, "o.png"), [1, 2, 3, 4]);
            if (!File.ReadAllBytes(victim).SequenceEqual(new byte[] { 7, 7, 7 })) throw new InvalidOperationException("the victim was written");
        }),
        // special files, more
        new("special", "dev-full-as-output", true, _ =>
        {
            try
            {
                AtomicFile.Write("/dev/full", [1]);
            }
            finally
            {
                if (FileStatus.Of("/dev/full", followLinks: false).Kind != FileKind.CharacterDevice) throw new InvalidOperationException("/dev/full was replaced");
            }
        }),
        new("special", "dev-zero-as-text", true, _ => RegularFile.ReadAllText("/dev/zero", 1 << 20, "labels")),
        new("fifos", "fifo-as-text", true, d => RegularFile.ReadAllText(Fifo(d, "labels.txt"), 1 << 20, "labels")),
        new("special", "socket-as-image", true, d =>
        {
            string path = Path.Combine(d, "s.png");
            // .NET removes the socket's file when the socket is closed: load while it is open.
            using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
            s.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
            ImageDecoder.Load(path, Limits);
        }),
        // bombs, more: headers that claim more than the budget
        new("bombs", "jpeg-claiming-65500-square", true, d => ImageDecoder.Load(Write(d, "b.jpg", JpegClaiming(65500, 65500)), Limits)),
        new("bombs", "bmp-claiming-60000-square", true, d => ImageDecoder.Load(Write(d, "b.bmp", BmpClaiming(60000, 60000)), Limits)),
        new("bombs", "ppm-claiming-60000-square", true, d => ImageDecoder.Load(Write(d, "b.ppm", [.. "P6\n60000 60000\n255\n"u8, .. new byte[64]]), Limits)),
        new("bombs", "npy-claiming-100000-square", true, d => Npy.ReadFile(Write(d, "c.npy", [.. NpyHeader("<f4", "(1, 3, 100000, 100000)"), .. new byte[64]]), Limits.MemoryBytes)),
        new("bombs", "npy-header-of-64-kib", true, d =>
        {
            var bytes = new byte[10 + 65000];
            bytes[0] = 0x93;
            "NUMPY"u8.CopyTo(bytes.AsSpan(1));
            bytes[6] = 1;
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 65000);
            bytes.AsSpan(10).Fill((byte)'x');
            try
            {
                Npy.ReadFile(Write(d, "h.npy", bytes), Limits.MemoryBytes);
            }
            catch (InvalidDataException e) when (e.Message.Length > 1000)
            {
                throw new InvalidOperationException($"a message of {e.Message.Length} characters");
            }
        }),
        // deep names, more
        new("deep-names", "image-path-over-4096-bytes", true, d =>
        {
            string path = d;
            for (int i = 0; i < 110; i++) path = Path.Combine(path, $"{i:D3}" + new string('d', 36));
            ImageDecoder.Load(Path.Combine(path, "i.png"), Limits);
        }),
        // special files, second rerun: pseudo-files that say 0 bytes, folders that take no files
        new("special", "proc-self-mem-as-text", true, _ => RegularFile.ReadAllText("/proc/self/mem", 1 << 20, "labels")),
        new("special", "proc-status-as-text", true, _ => RegularFile.ReadAllText("/proc/self/status", 1 << 20, "labels")),
        new("special", "proc-folder-as-output-folder", true, _ =>
        {
            try
            {
                WriteProbe.Check("/proc/self");
            }
            catch (IOException e) when (e.Message.Contains(".camsharp-probe", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the message names the probe, not the folder: {e.Message}");
            }
        }),
        // formats CamSharp does not read are named, not "unknown"
        .. UnreadFormats.Select(f => new FileSystemCase("formats", $"{f.Name}-is-named", true, d =>
        {
            try
            {
                ImageDecoder.Load(Write(d, "image." + f.Name, [.. f.Magic, .. new byte[64]]), Limits);
            }
            catch (ImageFormatException e) when (!e.Message.Contains(f.Named, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the message does not name {f.Named}: {e.Message}");
            }
        })),
    ];

    /// <summary>A baseline JPEG header (SOI, SOF0) claiming the given size, then nothing.</summary>
    private static byte[] JpegClaiming(int width, int height) =>
        [0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 0xFF, 0xD9];

    /// <summary>A 24-bit BMP header claiming the given size, with 16 bytes of pixels.</summary>
    private static byte[] BmpClaiming(int width, int height)
    {
        var b = new byte[54 + 16];
        b[0] = (byte)'B';
        b[1] = (byte)'M';
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), b.Length);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), height);
        b[26] = 1;
        b[28] = 24;
        return b;
    }

    /// <summary>Runs one case in a fresh scratch folder, which is removed afterwards.</summary>
    public static CaseResult Run(FileSystemCase c)
    {
        string dir = Directory.CreateTempSubdirectory("camsharp-fs-").FullName;
        try
        {
            c.Action(dir);
            return c.MustRefuse ? new CaseResult(Outcome.Crashed, null, "ran, but must be refused") : new CaseResult(Outcome.Ran);
        }
        catch (Exception e) when (ExpectedErrors.IsExpected(e))
        {
            return new CaseResult(Outcome.Refused, e.GetType().Name, e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new CaseResult(Outcome.Crashed, e.GetType().Name, e.ToString());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Write(string dir, string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Fifo(string dir, string name)
    {
        string path = Path.Combine(dir, name);
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        return p.ExitCode == 0 ? path : throw new InvalidOperationException("mkfifo failed");
    }

    /// <summary>A model whose graph output is Identity of a 16-float weight stored externally at <paramref name="location"/>.</summary>
    private static string ExternalModel(string dir, string location)
    {
        var w = new TensorProto { Name = "w", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
        w.Dims.Add(16);
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
        var g = new GraphProto { Name = "external" };
        g.Initializer.Add(w);
        g.Input.Add(Value("x", [1]));
        g.Output.Add(Value("y", [16]));
        g.Output.Add(Value("z", [1]));
        g.Node.Add(Node("Identity", "id_w", ["w"], ["y"]));
        g.Node.Add(Node("Identity", "id_x", ["x"], ["z"]));
        return Write(dir, "model.onnx", Wrap(g));
    }

    /// <summary>One Relu named /m0/m1/…/m{levels-1}/Relu.</summary>
    private static byte[] DeepScopeModel(int levels)
    {
        var g = new GraphProto { Name = "deep" };
        g.Input.Add(Value("x", [1, 4]));
        g.Output.Add(Value("y", [1, 4]));
        var name = new StringBuilder();
        for (int i = 0; i < levels; i++) name.Append("/m").Append(i);
        g.Node.Add(Node("Relu", name.Append("/Relu").ToString(), ["x"], ["y"]));
        return Wrap(g);
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs);
        n.Output.AddRange(outputs);
        return n;
    }

    private static ValueInfoProto Value(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static byte[] Wrap(GraphProto g)
    {
        var m = new ModelProto { IrVersion = 8, Graph = g };
        m.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return m.ToByteArray();
    }

    /// <summary>A valid PNG of zeros: a few hundred KB that inflate to width × height × channels × depth.</summary>
    private static byte[] ZeroPng(int width, int height, int depth, int colorType)
    {
        int channels = colorType == 6 ? 4 : colorType == 2 ? 3 : 1;
        var row = new byte[1 + width * channels * depth / 8];
        using var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
            for (int y = 0; y < height; y++) z.Write(row);
        using var png = new MemoryStream();
        png.Write(PngDecoder.Signature);
        var ihdr = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)depth;
        ihdr[9] = (byte)colorType;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(head, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(head, 4);
        s.Write(head);
        s.Write(data);
        var c = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(c, Crc32.Compute([.. head.AsSpan(4), .. data]));
        s.Write(c);
    }

    private static byte[] NpyHeader(string descr, string shape)
    {
        string dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        dict += new string(' ', (64 - (10 + dict.Length + 1) % 64) % 64) + "\n";
        var bytes = new byte[10 + dict.Length];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)dict.Length);
        Encoding.Latin1.GetBytes(dict).CopyTo(bytes, 10);
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return ms.ToArray();
    }
}

/// <summary>One hostile file-system case: its class, name, whether it must be refused, and what it does in a scratch folder.</summary>
public sealed record FileSystemCase(string Class, string Name, bool MustRefuse, Action<string> Action);
