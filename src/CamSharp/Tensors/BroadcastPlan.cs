namespace CamSharp.Tensors;

/// <summary>Called for one contiguous run of the output: where it starts, how long it is, and
/// where each operand's elements for it start (see <see cref="BroadcastPlan.InnerContiguous"/>).</summary>
public delegate void RunAction(int outputStart, int length, ReadOnlySpan<int> offsets);

/// <summary>
/// How to walk an output shape in contiguous runs while reading operands that broadcast to
/// it (NumPy rules). Size-1 dimensions are dropped and neighbouring dimensions that every
/// operand treats alike are merged, so [N,C,H,W] ⊕ [1,C,1,1] becomes N·C runs of H·W with
/// the second operand constant along each run, and equal shapes become one run.
/// </summary>
public sealed class BroadcastPlan
{
    private readonly int[] _outerDims;
    private readonly int[] _outerStrides; // [outer dim * operands + operand]; 0 where broadcast
    private readonly bool[] _innerFull;

    private BroadcastPlan(int[] outputShape, int length, int inner, int[] outerDims, int[] outerStrides, bool[] innerFull)
    {
        OutputShape = outputShape;
        OutputLength = length;
        InnerLength = inner;
        _outerDims = outerDims;
        _outerStrides = outerStrides;
        _innerFull = innerFull;
    }

    public int[] OutputShape { get; }

    public int OutputLength { get; }

    public int OperandCount => _innerFull.Length;

    /// <summary>Length of each contiguous run of the output.</summary>
    public int InnerLength { get; }

    /// <summary>
    /// True when operand <paramref name="operand"/> advances along a run (read a slice);
    /// false when it is constant along it (read one element).
    /// </summary>
    public bool InnerContiguous(int operand) => _innerFull[operand];

    /// <summary>Plans the walk; throws <see cref="ArgumentException"/> when an operand does not broadcast to the output.</summary>
    public static BroadcastPlan Create(int[] outputShape, params int[][] operandShapes)
    {
        int rank = outputShape.Length, k = operandShapes.Length;
        foreach (var s in operandShapes)
            if (!BroadcastsTo(s, outputShape))
                throw new ArgumentException($"Shape [{ShapeUtil.Format(s)}] does not broadcast to [{ShapeUtil.Format(outputShape)}].");

        // Collapse: per kept output dim, which operands are full along it.
        var dims = new List<int>(rank);
        var flags = new List<bool[]>(rank);
        for (int d = 0; d < rank; d++)
        {
            if (outputShape[d] == 1) continue;
            var f = new bool[k];
            for (int i = 0; i < k; i++)
            {
                int off = rank - operandShapes[i].Length;
                f[i] = d >= off && operandShapes[i][d - off] == outputShape[d];
            }
            if (flags.Count > 0 && f.AsSpan().SequenceEqual(flags[^1])) dims[^1] *= outputShape[d];
            else
            {
                dims.Add(outputShape[d]);
                flags.Add(f);
            }
        }

        int length = ShapeUtil.Size(outputShape);
        if (dims.Count == 0)
            return new BroadcastPlan(outputShape, length, 1, [], [], Filled(k, true));

        int outer = dims.Count - 1;
        var strides = new int[outer * k];
        var acc = new int[k];
        Array.Fill(acc, 1);
        for (int i = 0; i < k; i++)
            if (flags[outer][i]) acc[i] = dims[outer];
        for (int d = outer - 1; d >= 0; d--)
            for (int i = 0; i < k; i++)
            {
                if (!flags[d][i]) continue;
                strides[d * k + i] = acc[i];
                acc[i] *= dims[d];
            }
        return new BroadcastPlan(outputShape, length, dims[outer], dims.GetRange(0, outer).ToArray(), strides, flags[outer]);
    }

    /// <summary>Whether <paramref name="shape"/> broadcasts to <paramref name="target"/> without changing it.</summary>
    public static bool BroadcastsTo(ReadOnlySpan<int> shape, ReadOnlySpan<int> target)
    {
        if (shape.Length > target.Length) return false;
        int off = target.Length - shape.Length;
        for (int i = 0; i < shape.Length; i++)
            if (shape[i] != 1 && shape[i] != target[off + i]) return false;
        return true;
    }

    /// <summary>Visits output elements [start, start + count) as runs, in order, on this thread.</summary>
    public void VisitRuns(int start, int count, RunAction action)
    {
        Span<int> offsets = stackalloc int[OperandCount];
        int pos = start, end = start + count;
        while (pos < end)
        {
            int run = pos / InnerLength;
            int within = pos - run * InnerLength;
            int len = Math.Min(InnerLength - within, end - pos);
            RunOffsets(run, offsets);
            for (int i = 0; i < offsets.Length; i++)
                if (_innerFull[i]) offsets[i] += within;
            action(pos, len, offsets);
            pos += len;
        }
    }

    /// <summary>Visits the whole output in parallel chunks; runs in different chunks never share output elements.</summary>
    public void ForEachRun(RunAction action, int minChunk = ParallelChunks.MinChunk) =>
        ParallelChunks.For(OutputLength, (s, n) => VisitRuns(s, n, action), minChunk);

    /// <summary>Each operand's offset at the start of run <paramref name="run"/>.</summary>
    private void RunOffsets(int run, Span<int> offsets)
    {
        offsets.Clear();
        int k = offsets.Length;
        for (int d = _outerDims.Length - 1; d >= 0 && run > 0; d--)
        {
            int n = _outerDims[d];
            int idx = run % n;
            run /= n;
            for (int i = 0; i < k; i++) offsets[i] += idx * _outerStrides[d * k + i];
        }
    }

    private static bool[] Filled(int n, bool value)
    {
        var a = new bool[n];
        Array.Fill(a, value);
        return a;
    }
}
