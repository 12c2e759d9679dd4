using System.Buffers.Binary;

namespace CamSharp.Imaging.Jpeg;

/// <summary>What the markers of one JPEG file have defined so far, and the output assembly.</summary>
internal sealed class JpegDecoderState(string? name, long maxPixels)
{
    private readonly HuffmanTable?[] _dc = new HuffmanTable?[4], _ac = new HuffmanTable?[4];
    private readonly ushort[]?[] _quant = new ushort[]?[4];
    private JpegComponent[]? _components;
    private int _width, _height, _hMax, _vMax, _mcusX, _mcusY, _restartInterval, _scans;

    public bool Progressive { get; private set; }
    public bool SawJfif { get; set; }
    public int AdobeTransform { get; set; } = -1;
    public int Orientation { get; set; }

    public void ReadFrame(ReadOnlySpan<byte> s, bool progressive, int bytesLeft)
    {
        if (_components is not null) ImageFormatException.Throw(name, "JPEG has more than one frame header (SOF)");
        if (s.Length < 6) ImageFormatException.Throw(name, "JPEG frame header (SOF) is truncated");
        if (s[0] != 8) ImageFormatException.Throw(name, $"JPEG sample precision {s[0]} bits is not supported (only 8)");
        _height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
        _width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        int n = s[5];
        if (_height == 0) ImageFormatException.Throw(name, "JPEG height 0 (defined by a DNL marker) is not supported");
        DecodeGuard.CheckDimensions(name, "JPEG", _width, _height, maxPixels);
        // Coefficients (2 bytes per sample, 3 components) and the component planes.
        DecodeGuard.CheckMemory(name, "JPEG", _width, _height, (long)_width * _height * 9);
        if (n == 4) ImageFormatException.Throw(name, "JPEG with 4 components (CMYK or YCCK) is not supported");
        if (n != 1 && n != 3) ImageFormatException.Throw(name, $"JPEG with {n} components is not supported (only gray or 3-component colour)");
        if (s.Length < 6 + 3 * n) ImageFormatException.Throw(name, "JPEG frame header (SOF) is truncated");
        var comps = new JpegComponent[n];
        for (int i = 0; i < n; i++)
        {
            var c = s.Slice(6 + 3 * i, 3);
            int h = c[1] >> 4, v = c[1] & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4) ImageFormatException.Throw(name, $"JPEG component {c[0]} has invalid sampling factors {h}x{v}");
            if (c[2] > 3) ImageFormatException.Throw(name, $"JPEG component {c[0]} uses quantization table {c[2]} (0-3 allowed)");
            for (int j = 0; j < i; j++)
                if (comps[j].Id == c[0]) ImageFormatException.Throw(name, $"JPEG component id {c[0]} appears twice");
            comps[i] = new JpegComponent { Id = c[0], H = h, V = v, QuantTableIndex = c[2] };
        }
        Progressive = progressive;
        Layout(comps, bytesLeft);
        _components = comps;
    }

    /// <summary>Sizes each component (spec A.1.1) and allocates its plane once the data is plausible.</summary>
    private void Layout(JpegComponent[] comps, int bytesLeft)
    {
        _hMax = comps.Max(c => c.H);
        _vMax = comps.Max(c => c.V);
        _mcusX = (_width + 8 * _hMax - 1) / (8 * _hMax);
        _mcusY = (_height + 8 * _vMax - 1) / (8 * _vMax);
        long usedBlocks = 0;
        foreach (var c in comps)
        {
            if (_hMax % c.H != 0 || _vMax % c.V != 0)
                ImageFormatException.Throw(name, $"JPEG sampling factors {c.H}x{c.V} within {_hMax}x{_vMax} are not supported (non-integral ratio)");
            c.Width = (int)(((long)_width * c.H + _hMax - 1) / _hMax);
            c.Height = (int)(((long)_height * c.V + _vMax - 1) / _vMax);
            c.UsedBlocksX = (c.Width + 7) / 8;
            c.UsedBlocksY = (c.Height + 7) / 8;
            c.BlocksX = Math.Max(_mcusX * c.H, c.UsedBlocksX);
            c.BlocksY = Math.Max(_mcusY * c.V, c.UsedBlocksY);
            usedBlocks += (long)c.UsedBlocksX * c.UsedBlocksY;
        }
        // Every block costs at least one bit of entropy-coded data: refuse before allocating
        // when the file is far too small for the size its header claims.
        if (usedBlocks > 8L * bytesLeft + 64)
            ImageFormatException.Throw(name, $"JPEG data ({bytesLeft} bytes) is too short for {_width}x{_height} pixels (truncated file)");
        foreach (var c in comps)
        {
            long samples = 64L * c.BlocksX * c.BlocksY;
            if (samples > Array.MaxLength) ImageFormatException.Throw(name, "JPEG is too large");
            c.Plane = new byte[samples];
            if (Progressive) c.Coefficients = new short[samples];
        }
    }

    public void ReadHuffmanTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17) ImageFormatException.Throw(name, "JPEG Huffman table (DHT) is truncated");
            int cls = s[0] >> 4, id = s[0] & 15;
            if (cls > 1 || id > 3) ImageFormatException.Throw(name, $"JPEG Huffman table class {cls} id {id} is invalid");
            var counts = s.Slice(1, 16);
            int total = 0;
            foreach (byte b in counts) total += b;
            if (total > 256 || s.Length < 17 + total) ImageFormatException.Throw(name, "JPEG Huffman table (DHT) is truncated or too long");
            var table = HuffmanTable.Build(counts, s.Slice(17, total))
                ?? ImageFormatException.Throw<HuffmanTable>(name, $"JPEG Huffman table class {cls} id {id} has invalid code lengths");
            (cls == 0 ? _dc : _ac)[id] = table;
            s = s[(17 + total)..];
        }
    }

    public void ReadQuantTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            int precision = s[0] >> 4, id = s[0] & 15;
            if (precision > 1 || id > 3) ImageFormatException.Throw(name, $"JPEG quantization table precision {precision} id {id} is invalid");
            int size = 1 + 64 * (precision + 1);
            if (s.Length < size) ImageFormatException.Throw(name, "JPEG quantization table (DQT) is truncated");
            var q = new ushort[64];
            var zz = ZigZag.ToNatural;
            for (int k = 0; k < 64; k++)
                q[zz[k]] = precision == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + 2 * k)..]);
            _quant[id] = q;
            s = s[size..];
        }
    }

    public void ReadRestartInterval(ReadOnlySpan<byte> s)
    {
        if (s.Length < 2) ImageFormatException.Throw(name, "JPEG restart interval (DRI) is truncated");
        _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(s);
    }

    public JpegScan ReadScan(ReadOnlySpan<byte> s)
    {
        var frame = _components ?? ImageFormatException.Throw<JpegComponent[]>(name, "JPEG scan (SOS) comes before the frame header (SOF)");
        if (++_scans > 1000) ImageFormatException.Throw(name, "JPEG has more than 1000 scans");
        if (s.Length < 1) ImageFormatException.Throw(name, "JPEG scan header (SOS) is truncated");
        int n = s[0];
        if (n < 1 || n > 4 || s.Length < 4 + 2 * n) ImageFormatException.Throw(name, $"JPEG scan header (SOS) with {n} components is invalid or truncated");
        var comps = new JpegComponent[n];
        int blocksPerMcu = 0;
        for (int i = 0; i < n; i++)
        {
            int id = s[1 + 2 * i], tables = s[2 + 2 * i];
            var c = Array.Find(frame, f => f.Id == id) ?? ImageFormatException.Throw<JpegComponent>(name, $"JPEG scan refers to unknown component {id}");
            if (Array.IndexOf(comps, c) >= 0) ImageFormatException.Throw(name, $"JPEG scan lists component {id} twice");
            c.DcTable = tables >> 4;
            c.AcTable = tables & 15;
            if (c.DcTable > 3 || c.AcTable > 3) ImageFormatException.Throw(name, $"JPEG scan uses Huffman table ids {c.DcTable}/{c.AcTable} (0-3 allowed)");
            c.Quant ??= _quant[c.QuantTableIndex] ?? ImageFormatException.Throw<ushort[]>(name, $"JPEG quantization table {c.QuantTableIndex} is not defined");
            c.DcPredictor = 0;
            blocksPerMcu += c.H * c.V;
            comps[i] = c;
        }
        int p = 1 + 2 * n;
        int ss = s[p], se = s[p + 1], ah = s[p + 2] >> 4, al = s[p + 2] & 15;
        if (n > 1 && blocksPerMcu > 10) ImageFormatException.Throw(name, $"JPEG interleaved scan has {blocksPerMcu} blocks per MCU (at most 10 allowed)");
        var scan = new JpegScan
        {
            Components = comps, Ss = ss, Se = se, Ah = ah, Al = al,
            DcTables = (HuffmanTable?[])_dc.Clone(), AcTables = (HuffmanTable?[])_ac.Clone(),
            RestartInterval = _restartInterval, McusX = _mcusX, McusY = _mcusY,
        };
        if (Progressive) CheckProgressive(scan); else CheckSequential(scan);
        foreach (var c in comps) c.SeenInScan = true;
        return scan;
    }

    private void CheckSequential(JpegScan scan)
    {
        foreach (var c in scan.Components)
        {
            if (scan.DcTables[c.DcTable] is null) ImageFormatException.Throw(name, $"JPEG DC Huffman table {c.DcTable} is not defined");
            if (scan.AcTables[c.AcTable] is null) ImageFormatException.Throw(name, $"JPEG AC Huffman table {c.AcTable} is not defined");
            if (c.SeenInScan) ImageFormatException.Throw(name, $"JPEG sequential frame has component {c.Id} in two scans");
        }
    }

    private void CheckProgressive(JpegScan scan)
    {
        bool dc = scan.Ss == 0;
        if (scan.Se > 63 || scan.Ss > scan.Se || (dc && scan.Se != 0) || (!dc && scan.Components.Length != 1) || scan.Al > 13 || scan.Ah > 13)
            ImageFormatException.Throw(name, $"JPEG progressive scan parameters Ss={scan.Ss} Se={scan.Se} Ah={scan.Ah} Al={scan.Al} are invalid");
        foreach (var c in scan.Components)
        {
            if (dc && scan.Ah == 0 && scan.DcTables[c.DcTable] is null) ImageFormatException.Throw(name, $"JPEG DC Huffman table {c.DcTable} is not defined");
            if (!dc && scan.AcTables[c.AcTable] is null) ImageFormatException.Throw(name, $"JPEG AC Huffman table {c.AcTable} is not defined");
            if (!dc && !c.HasDcScan) ImageFormatException.Throw(name, $"JPEG AC scan of component {c.Id} comes before its DC scan");
            if (dc) c.HasDcScan = true;
        }
    }

    /// <summary>Inverse DCT of progressive coefficients, upsampling, colour conversion and orientation.</summary>
    public RgbImage Finish()
    {
        var comps = _components ?? ImageFormatException.Throw<JpegComponent[]>(name, "JPEG has no frame header (SOF)");
        if (_scans == 0) ImageFormatException.Throw(name, "JPEG has no image data (no SOS marker)");
        foreach (var c in comps)
            if (!c.SeenInScan) ImageFormatException.Throw(name, $"JPEG component {c.Id} has no scan (truncated file)");
        if (Progressive)
            foreach (var c in comps) InverseTransformAll(c);
        var img = JpegColorAssembler.Assemble(comps, _width, _height, _hMax, _vMax, IsRgb(comps));
        return ExifOrientation.Apply(img, Orientation);
    }

    private static void InverseTransformAll(JpegComponent c)
    {
        var coef = c.Coefficients!;
        for (int by = 0; by < c.UsedBlocksY; by++)
            for (int bx = 0; bx < c.UsedBlocksX; bx++)
            {
                var block = coef.AsSpan((by * c.BlocksX + bx) * 64, 64);
                var dest = c.Plane.AsSpan(by * 8 * c.PlaneStride + bx * 8);
                if (block[1..].ContainsAnyExcept((short)0)) IslowIdct.Transform(block, c.Quant, dest, c.PlaneStride);
                else IslowIdct.TransformDcOnly(block[0], c.Quant![0], dest, c.PlaneStride);
            }
        c.Coefficients = null;
    }

    /// <summary>libjpeg's guess of the colour space of a 3-component file (jdapimin.c default_decompress_parms).</summary>
    private bool IsRgb(JpegComponent[] comps)
    {
        if (comps.Length != 3 || SawJfif) return false;
        if (AdobeTransform >= 0) return AdobeTransform == 0;
        return comps[0].Id == 'R' && comps[1].Id == 'G' && comps[2].Id == 'B';
    }
}
