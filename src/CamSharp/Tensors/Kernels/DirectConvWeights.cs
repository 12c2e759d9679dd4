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
        const int c = DirectConvTile.Channels;
        OutChannels = outChannels;
        Depth = depth;
        _data = GC.AllocateArray<float>(WeightPanels.Length(outChannels, depth, c), pinned: true);
        WeightPanels.Pack(outChannels, depth, w, c, _data);
    }

    public int OutChannels { get; }

    public int Depth { get; }

    /// <summary>The ordered weights (the array is pinned, so the pointer stays valid).</summary>
    public float* Ordered => (float*)Unsafe.AsPointer(ref _data[0]);
}
