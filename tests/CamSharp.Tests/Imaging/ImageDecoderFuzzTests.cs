using System.Collections.Concurrent;
using CamSharp.Imaging;
using CamSharp.MutationRun;
using Xunit;

namespace CamSharp.Tests.Imaging;

/// <summary>
/// Seeded random mutations of small sample files: every one either decodes or throws an
/// <see cref="ImageFormatException"/> naming the file, never another exception, and never
/// allocates more than the pixel cap allows.
/// </summary>
public sealed class ImageDecoderFuzzTests
{
    private const long Cap = 1_000_000;
    // Decoders hold at most ~16 bytes per pixel (planes, coefficients, output); allow the file itself on top.
    private const long MaxBytesPerDecode = 20 * Cap + (4 << 20);

    private static Dictionary<string, byte[]> Samples()
    {
        var dogCat = ImageDecoder.Load(Fixtures.Asset("images/dog_cat.jfif"));
        var small = ImageResize.Resize(dogCat, 40, 25);
        return new()
        {
            ["dog_cat.jfif"] = File.ReadAllBytes(Fixtures.Asset("images/dog_cat.jfif")),
            ["progressive.jpg"] = File.ReadAllBytes(ImagingFixtures.Data("s420_progressive_restart.jpg")),
            ["restart.jpg"] = File.ReadAllBytes(ImagingFixtures.Data("s420_restart.jpg")),
            ["small.png"] = ImageEncoder.EncodePng(small),
            ["adam7.png"] = File.ReadAllBytes(ImagingFixtures.Data("png_c3_d4_adam7.png")),
            ["small.bmp"] = ImageEncoder.EncodeBmp(small),
            ["small.ppm"] = [.. "P6 40 25 255\n"u8, .. small.Pixels],
        };
    }

    [Fact]
    public void Decode_TenThousandMutations_DecodeOrThrowNamedFormatErrors()
    {
        var samples = Samples().ToArray();
        const int chunks = 16, perChunk = 700; // 11,200 mutations
        var failures = new ConcurrentQueue<string>();
        int decoded = 0, refused = 0;
        Parallel.For(0, chunks, chunk =>
        {
            var rnd = new Random(1234 + chunk);
            for (int i = 0; i < perChunk && failures.Count < 20; i++)
            {
                var (name, original) = samples[rnd.Next(samples.Length)];
                var data = ByteMutations.Mutate(original, rnd, headerBias: 700);
                long before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    ImageDecoder.Decode(data, name, Cap);
                    Interlocked.Increment(ref decoded);
                }
                catch (ImageFormatException e)
                {
                    Interlocked.Increment(ref refused);
                    if (!e.Message.StartsWith(name + ": ") || e.Problem.Length < 8) failures.Enqueue($"{name} #{chunk}/{i}: unclear message '{e.Message}'");
                }
                catch (Exception e)
                {
                    failures.Enqueue($"{name} #{chunk}/{i}: {e.GetType().Name}: {e.Message}");
                }
                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                if (allocated > MaxBytesPerDecode) failures.Enqueue($"{name} #{chunk}/{i}: allocated {allocated} bytes");
            }
        });
        Assert.True(failures.IsEmpty, string.Join("\n", failures));
        Assert.Equal(chunks * perChunk, decoded + refused);
        Assert.True(refused > 1000 && decoded > 100, $"decoded {decoded}, refused {refused}: mutations should produce both");
    }

    [Fact]
    public void Decode_EveryTruncation_OfSmallSamples_DecodesOrThrowsFormatError()
    {
        foreach (var (name, data) in Samples())
            for (int len = 0; len < data.Length; len += Math.Max(1, data.Length / 300))
            {
                try { ImageDecoder.Decode(data.AsSpan(0, len), name, Cap); }
                catch (ImageFormatException e) { Assert.StartsWith(name + ": ", e.Message); }
            }
    }
}
