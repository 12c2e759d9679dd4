using System.Runtime.CompilerServices;

namespace CamSharp.Tensors.Kernels;

/// <summary>
/// Weights (M × Depth) in the order <see cref="DirectConvTile"/> reads them: [block of 8
/// output channels][input channel][tap][8], the eight broadcasts of a step adjacent, channels
/// past M zero. Made once per constant weight tensor (<see cref="Ops.Conv"/> keeps it).
/// </summary>
internal sealed unsafe class DirectConvWeights
{
    private readonly float[] _data;

    public DirectConvWeights(int outChannels, int depth, ReadOnlySpan<float> w)
    {
        if (w.Length < (long)outChannels * depth) throw new ArgumentException($"Weights have {w.Length} values, expected {outChannels}×{depth}.");
        const int c = DirectConvTile.Channels;
        OutChannels = outChannels;
        Depth = depth;
        int blocks = (outChannels + c - 1) / c;
        _data = GC.AllocateArray<float>(blocks * c * depth, pinned: true);
        for (int o = 0; o < outChannels; o++)
        {
            var row = w.Slice(o * depth, depth);
            int start = o / c * depth * c + o % c;
            for (int k = 0; k < depth; k++) _data[start + k * c] = row[k];
        }
    }

    public int OutChannels { get; }

    public int Depth { get; }

    /// <summary>The ordered weights (the array is pinned, so the pointer stays valid).</summary>
    public float* Ordered => (float*)Unsafe.AsPointer(ref _data[0]);
}
