namespace CamSharp.Imaging.Jpeg;

/// <summary>
/// Decodes baseline, extended-sequential and progressive Huffman JPEG (8-bit, 1 or 3
/// components, any integral subsampling) to RGB, matching libjpeg-turbo's defaults as used
/// by OpenCV: accurate integer IDCT, fancy chroma upsampling, libjpeg's colour tables, and
/// EXIF orientation applied. Lossless, arithmetic-coded, 12-bit and CMYK/YCCK files are refused.
/// </summary>
internal static class JpegDecoder
{
    public static RgbImage Decode(ReadOnlySpan<byte> data, string? name, long maxPixels)
    {
        var state = new JpegDecoderState(name, maxPixels);
        int pos = 2; // after SOI
        while (true)
        {
            int marker = JpegMarkerReader.NextMarker(data, ref pos);
            if (marker < 0 || marker == 0xD9) break; // end of data or EOI
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    state.ReadFrame(JpegMarkerReader.ReadSegment(data, ref pos, marker, name), progressive: marker == 0xC2, data.Length - pos);
                    break;
                case 0xC4:
                    state.ReadHuffmanTables(JpegMarkerReader.ReadSegment(data, ref pos, marker, name));
                    break;
                case 0xDB:
                    state.ReadQuantTables(JpegMarkerReader.ReadSegment(data, ref pos, marker, name));
                    break;
                case 0xDD:
                    state.ReadRestartInterval(JpegMarkerReader.ReadSegment(data, ref pos, marker, name));
                    break;
                case 0xDA:
                    {
                        var scan = state.ReadScan(JpegMarkerReader.ReadSegment(data, ref pos, marker, name));
                        pos = state.Progressive
                            ? ProgressiveScanDecoder.Decode(data, pos, scan, name)
                            : SequentialScanDecoder.Decode(data, pos, scan, name);
                        break;
                    }
                case 0xE0:
                    {
                        var body = JpegMarkerReader.ReadSegment(data, ref pos, marker, name);
                        if (body.StartsWith("JFIF\0"u8)) state.SawJfif = true;
                        break;
                    }
                case 0xE1:
                    {
                        var body = JpegMarkerReader.ReadSegment(data, ref pos, marker, name);
                        if (state.Orientation == 0 && body.StartsWith("Exif\0\0"u8)) state.Orientation = ExifOrientation.Read(body);
                        break;
                    }
                case 0xEE:
                    {
                        var body = JpegMarkerReader.ReadSegment(data, ref pos, marker, name);
                        if (body.Length >= 12 && body.StartsWith("Adobe"u8)) state.AdobeTransform = body[11];
                        break;
                    }
                case 0xCC:
                    ImageFormatException.Throw(name, "JPEG marker 0xCC (arithmetic coding conditioning) is not supported");
                    break;
                case 0xDC:
                    ImageFormatException.Throw(name, "JPEG marker 0xDC (DNL, height defined after the scan) is not supported");
                    break;
                case >= 0xD0 and <= 0xD8 or 0x01:
                    break; // parameterless markers outside a scan carry nothing
                default:
                    if (JpegMarkerReader.UnsupportedFrameName(marker) is { } kind)
                        ImageFormatException.Throw(name, $"JPEG marker 0x{marker:X2} ({kind}) is not supported");
                    JpegMarkerReader.ReadSegment(data, ref pos, marker, name); // APPn, COM and others: skipped
                    break;
            }
        }
        return state.Finish();
    }
}
