namespace CamSharp.MutationRun;

/// <summary>
/// The child side of the long run: cases [start, start + count) of one format, one line per
/// case on stdout ("R", "F Type", "C Type message"), flushed as it goes, then "DONE".
/// </summary>
public static class ChildRun
{
    public static int Run(string shared, string format, int seed, int start, int count)
    {
        var sampler = new CaseSampler(format, shared);
        var output = Console.Out;
        for (int i = start; i < start + count; i++)
        {
            var (sample, bytes) = sampler.Case(seed, i);
            var r = MutationCase.Run(sample, bytes);
            output.WriteLine(r.Outcome switch
            {
                Outcome.Ran => "R",
                Outcome.Refused => $"F {r.ErrorType}" + (Environment.GetEnvironmentVariable("MUTATION_DEBUG") is null ? "" : $" {OneLine(r.Message)}"),
                _ => $"C {r.ErrorType} {sample.Name} #{i}: {OneLine(r.Message)}",
            });
            output.Flush();
        }
        output.WriteLine("DONE");
        return 0;
    }

    private static string OneLine(string? s) => (s ?? "").Replace('\n', ' ').Replace('\r', ' ') is var t && t.Length > 600 ? t[..600] : t;
}

/// <summary>Case i of a format: a sample and its mutated bytes, the same for the same seed and index.</summary>
public sealed class CaseSampler
{
    private readonly IReadOnlyList<Sample> _samples;
    private readonly ModelMutator? _model;
    private readonly int _formatIndex;

    public CaseSampler(string format, string shared)
    {
        _samples = Samples.For(format, shared);
        _formatIndex = Samples.Formats.ToList().IndexOf(format);
        if (_samples[0].Kind == SampleKind.Model) _model = new ModelMutator(_samples[0].Bytes);
    }

    public (Sample Sample, byte[] Bytes) Case(int seed, int index)
    {
        var rnd = new Random(unchecked(seed * 1_000_003 + _formatIndex * 10_000_019 + index));
        var sample = _samples[rnd.Next(_samples.Count)];
        byte[] bytes = sample.Kind switch
        {
            SampleKind.Model => _model!.Next(rnd),
            SampleKind.Npy => NpyMutator.Mutate(sample.Bytes, rnd),
            _ when IsPng(sample.Bytes) => PngChunks.Mutate(sample.Bytes, rnd),
            _ => ByteMutations.Mutate(sample.Bytes, rnd),
        };
        return (sample, bytes);
    }

    private static bool IsPng(byte[] bytes) => bytes.AsSpan().StartsWith(Imaging.Png.PngDecoder.Signature);
}
