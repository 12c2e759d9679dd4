using System.Diagnostics;
using System.IO.Compression;
using CamSharp.Imaging;

namespace CamSharp.Bench;

/// <summary>Median decode and resize times for the images in <c>../shared/assets/images</c> (or the files given).</summary>
public static class ImagingBench
{
    public static void Run(string[] args)
    {
        var files = args.Length > 0 ? args : FindAssetImages();
        // CPU ms (process CPU time per run) is shown beside wall time: on a shared machine it is the steadier figure.
        Console.WriteLine($"{"image",-28} {"size",11} {"decode ms",10} {"decode cpu ms",14} {"linear224 ms",13}");
        foreach (var path in files)
        {
            var data = File.ReadAllBytes(path);
            var img = ImageDecoder.Decode(data, path);
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double decode = Median(() => ImageDecoder.Decode(data, path));
            double decodeCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / (Warmup + Runs);
            double resize = Median(() => ImageResize.Resize(img, 224, 224));
            Console.WriteLine($"{Path.GetFileName(path),-28} {img.Width + "x" + img.Height,11} {decode,10:F2} {decodeCpu,14:F2} {resize,13:F2}");
        }
        if (args.Length == 0) TwelveMegapixels(files.First(f => f.EndsWith("samoyed_hub.jpg", StringComparison.Ordinal)));
        PngEncode(ImageDecoder.Load(args.Length > 0 ? files[0] : files.First(f => f.EndsWith("samoyed_hub.jpg", StringComparison.Ordinal))));
    }

    /// <summary>
    /// PNG encoding of a picture the size 'camsharp cam' writes for one image and one method (the image and
    /// its overlay side by side), at each compression level: milliseconds and bytes.
    /// </summary>
    private static void PngEncode(RgbImage image)
    {
        var picture = ImageGrid.Horizontal([image, image]);
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal })
        {
            int bytes = ImageEncoder.EncodePng(picture, level).Length;
            var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
            double ms = Median(() => ImageEncoder.EncodePng(picture, level));
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / (Warmup + Runs);
            Console.WriteLine($"{"png " + level,-28} {picture.Width + "x" + picture.Height,11} {ms,10:F2} {cpu,14:F2}  {bytes / 1e6:F2} MB");
        }
    }

    /// <summary>A 12-megapixel JPEG made from samoyed_hub.jpg (4000×3000, quality 95, 4:2:0), decoded.</summary>
    private static void TwelveMegapixels(string samoyed)
    {
        var big = ImageResize.Resize(ImageDecoder.Load(samoyed), 4000, 3000);
        var data = ImageEncoder.EncodeJpeg(big, 95);
        double decode = Median(() => ImageDecoder.Decode(data, "samoyed-12mp.jpg"));
        Console.WriteLine($"{"samoyed 12 MP (made here)",-28} {"4000x3000",11} {decode,10:F2}");
    }

    private static string[] FindAssetImages()
    {
        // The repository root (with CamSharp.slnx) above the program or the working directory; shared/ sits beside it.
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "assets", "images");
                if (File.Exists(Path.Combine(dir.FullName, "CamSharp.slnx")) && Directory.Exists(candidate))
                    return Directory.GetFiles(candidate).OrderBy(f => f, StringComparer.Ordinal).ToArray();
            }
        throw new DirectoryNotFoundException("shared/assets/images not found beside the repository; pass image paths instead.");
    }

    private const int Warmup = 3, Runs = 15;

    private static double Median(Action action)
    {
        for (int i = 0; i < Warmup; i++) action();
        var times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[Runs / 2];
    }
}
