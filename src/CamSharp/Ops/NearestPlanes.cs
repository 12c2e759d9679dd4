using System.Runtime.Intrinsics;
using CamSharp.Tensors;

namespace CamSharp.Ops;

/// <summary>
/// Nearest resampling of the last two axes in one pass (YOLO necks' 2× upsampling): per
/// output row, the source row's columns are gathered once, and an output row with the same
/// source row as the one above is a copy of it. The separable path reads and writes the whole
/// tensor twice through an intermediate, one weighted element at a time. Exact: every output
/// element is one input element.
/// </summary>
internal static class NearestPlanes
{
    /// <summary>
    /// y[p, i, j] = x[p, rows[i], columns[j]] for every plane p of an input whose last two
    /// axes are (height, width) and an output whose last two are (rows.Length, columns.Length).
    /// </summary>
    public static void Resample(Tensor x, Tensor y, int height, int width, int[] rows, int[] columns)
    {
        int outH = rows.Length, outW = columns.Length, inPlane = height * width, outPlane = outH * outW;
        int planes = inPlane == 0 ? 0 : x.Length / inPlane;
        bool doubled = IsDoubling(columns, width);
        PlaneParallel.For(planes, outPlane, p =>
        {
            ReadOnlySpan<float> src = x.Floats.Slice(p * inPlane, inPlane);
            var dst = y.Floats.Slice(p * outPlane, outPlane);
            for (int i = 0; i < outH; i++)
            {
                var row = dst.Slice(i * outW, outW);
                if (i > 0 && rows[i] == rows[i - 1])
                {
                    dst.Slice((i - 1) * outW, outW).CopyTo(row);
                    continue;
                }
                var line = src.Slice(rows[i] * width, width);
                if (doubled) Double(line, row);
                else
                    for (int j = 0; j < outW; j++) row[j] = line[columns[j]];
            }
        });
    }

    /// <summary>True when columns[j] = j / 2 over exactly twice the width: each input element written twice.</summary>
    internal static bool IsDoubling(int[] columns, int width)
    {
        if (columns.Length != 2 * width) return false;
        for (int j = 0; j < columns.Length; j++)
            if (columns[j] != j >> 1) return false;
        return true;
    }

    /// <summary>row[2k] = row[2k + 1] = line[k]: four inputs become two vectors of pairs.</summary>
    private static void Double(ReadOnlySpan<float> line, Span<float> row)
    {
        int k = 0;
        if (Vector128.IsHardwareAccelerated)
            for (; k + 4 <= line.Length; k += 4)
            {
                var v = Vector128.Create(line.Slice(k, 4));
                Vector128.Shuffle(v, Vector128.Create(0, 0, 1, 1)).CopyTo(row.Slice(2 * k, 4));
                Vector128.Shuffle(v, Vector128.Create(2, 2, 3, 3)).CopyTo(row.Slice(2 * k + 4, 4));
            }
        for (; k < line.Length; k++) row[2 * k] = row[2 * k + 1] = line[k];
    }
}
